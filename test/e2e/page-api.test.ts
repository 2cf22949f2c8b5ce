/**
 * The page API end to end: a loopback portal on an origin the settings allow (the local options
 * of an unmanaged machine, so that this suite never fights another suite's managed policy file
 * in the one shared /etc/chromium/policies/managed), the real built extension in the system Chromium, the real native host that
 * `kyso install` registered for this profile, a SoftHSM2 token (this file's own copy: one test
 * types a wrong PIN). window.kyso.sign → the confirmation window → one sign.digest → signed
 * bytes or an upload, checked by pdfsig and kyso verify; and what a hostile page must not get.
 */
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testServices } from "../setup/test-services.js";
import {
  browserOf,
  chooseSigner,
  closePortalMachine,
  confirmWindowsOpenedWhile,
  confirmWithPin,
  expectSignedBytesVerify,
  launchPortalBrowser,
  nextConfirmWindow,
  storeLocal,
  preparePortalMachine,
  signDigestRequests,
  type PortalMachine,
} from "./page-api-session.js";
import { startPageApiPortal, type PageApiPortal } from "./page-api-portal.js";

const services = testServices();
let machine: PortalMachine;
let portal: PageApiPortal;
let settings: { portals: object[]; signing: Record<string, unknown>; keys: object; trust: object };
/** A document signed by the first test, for the verification tests. */
let signedEarlier: Uint8Array | undefined;

/** Opens the portal and waits until the scripts registered from policy are in it. */
async function openPortal(origin = portal.origin): Promise<Page> {
  const page = await browserOf(machine).context.newPage();
  const deadline = Date.now() + 30_000;
  for (;;) {
    await page.goto(`${origin}/portal`);
    if (origin !== portal.origin || (await page.evaluate(() => "kyso" in window))) return page;
    if (Date.now() > deadline) throw new Error("window.kyso never appeared on the allowed portal (does a managed policy file override the portal list?)");
    await new Promise((done) => setTimeout(done, 500));
  }
}

type SignOutcome = { results?: Array<{ name: string; ok: boolean; code?: string; signedBase64?: string; upload?: { status: number; body: string } }>; error?: { code: string; message: string } };

/** Calls window.kyso.sign in the page; signed bytes come back as base64 for the test to write out. */
function signInPage(page: Page, request: unknown): Promise<SignOutcome> {
  return page.evaluate(async (request) => {
    type Result = { name: string; ok: boolean; code?: string; signed?: Uint8Array; upload?: { status: number; body: string } };
    const kyso = (window as unknown as { kyso: { sign(r: unknown): Promise<{ results: Result[] }> } }).kyso;
    const toBase64 = (bytes: Uint8Array) => {
      let binary = "";
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    };
    try {
      const answer = await kyso.sign(request);
      return { results: answer.results.map(({ signed, ...rest }) => ({ ...rest, ...(signed ? { signedBase64: toBase64(signed) } : {}) })) };
    } catch (error) {
      return { error: { code: String((error as { code?: unknown }).code), message: (error as Error).message } };
    }
  }, request);
}

const confirmWindowsOpenedDuring = <T>(work: () => Promise<T>) => confirmWindowsOpenedWhile(machine, work);

const checkSigned = (bytes: Uint8Array, name: string) => expectSignedBytesVerify(machine, { bytes, name, signatures: 1 });

beforeAll(async () => {
  machine = await preparePortalMachine(services, "page-api");
  const tls = services.pki.entities.tlsServer;
  portal = await startPageApiPortal(tls);
  settings = {
    portals: [{ origin: portal.origin, name: "Cổng thử nghiệm kyso", pdfSelectors: ["a.doc"] }],
    signing: { level: "B-T", tsaUrl: services.tsaUrl },
    keys: { pkcs11ModulesLinux: [machine.token.modulePath] },
    trust: { anchorsPem: [machine.rootPem], revocation: "online" },
  };
  await launchPortalBrowser(machine, { tlsCertPem: await readFile(tls.certPemFile, "utf8"), settings, scriptIds: ["kyso-content", "kyso-page-api"] });
}, 120_000);

afterAll(async () => {
  await closePortalMachine(machine);
  await (portal as PageApiPortal | undefined)?.close();
});

describe("window.kyso.sign on an allowed portal", () => {
  it("signs a document given by URL only after the confirm click, with the page's cookies, and returns bytes that pdfsig and kyso verify accept", async () => {
    const page = await openPortal();
    const windowOpened = nextConfirmWindow(machine);
    const signing = signInPage(page, { documents: [{ url: "/docs/cong-van-1.pdf", documentNumber: "12/UBND-VP" }], profile: "approval" });
    const window = await windowOpened;
    await chooseSigner(machine, window);
    await window.fill("input[name=pin]", machine.token.userPin);
    // Nothing is signed while the window waits for the person.
    await new Promise((done) => setTimeout(done, 1_500));
    expect(await signDigestRequests(machine)).toBe(0);
    await window.click("button[name=confirm]");
    const outcome = await signing;
    expect(outcome.error).toBeUndefined();
    expect(outcome.results).toHaveLength(1);
    expect(outcome.results![0]).toMatchObject({ name: "cong-van-1.pdf", ok: true });
    expect(portal.documentRequests.at(-1)).toEqual({ path: "/docs/cong-van-1.pdf", withSession: true });
    signedEarlier = Buffer.from(outcome.results![0]!.signedBase64!, "base64");
    await checkSigned(signedEarlier, "url-signed.pdf");
    expect(await signDigestRequests(machine)).toBe(1);
    await page.close();
  }, 90_000);

  it("signs a batch of 10 documents with one PIN and one sign.digest, and uploads each to the page's upload target with its cookies", async () => {
    const page = await openPortal();
    const before = await signDigestRequests(machine);
    const uploadsBefore = portal.uploads.length;
    const windowOpened = nextConfirmWindow(machine);
    const documents = Array.from({ length: 10 }, (_, i) => ({ url: `${portal.origin}/docs/to-trinh-${i + 1}.pdf` }));
    const signing = signInPage(page, { documents, profile: "approval", upload: { url: "/upload", fieldName: "uploadfile" } });
    const window = await windowOpened;
    await chooseSigner(machine, window);
    await confirmWithPin(window, machine.token.userPin);
    const outcome = await signing;
    expect(outcome.error).toBeUndefined();
    expect(outcome.results?.map((result) => result.ok)).toEqual(new Array(10).fill(true));
    expect(outcome.results![0]!.upload).toMatchObject({ status: 200 });
    expect(await signDigestRequests(machine)).toBe(before + 1);
    const uploaded = portal.uploads.slice(uploadsBefore);
    expect(uploaded.map((file) => file.fieldName)).toEqual(new Array(10).fill("uploadfile"));
    expect(uploaded.every((file) => file.session !== undefined)).toBe(true);
    await checkSigned(Buffer.from(uploaded[9]!.bytes), "batch-10.pdf");
    await page.close();
  }, 120_000);

  it("rejects with CANCELLED when the person cancels, and signs nothing", async () => {
    const page = await openPortal();
    const before = await signDigestRequests(machine);
    const windowOpened = nextConfirmWindow(machine);
    const signing = signInPage(page, { documents: [{ url: "/docs/cong-van-1.pdf" }], profile: "approval" });
    const window = await windowOpened;
    await chooseSigner(machine, window);
    await window.click("button[name=cancel]");
    expect((await signing).error?.code).toBe("CANCELLED");
    expect(await signDigestRequests(machine)).toBe(before);
    await page.close();
  }, 60_000);

  it("keeps the window open after a wrong PIN and signs with the right one", async () => {
    const page = await openPortal();
    const windowOpened = nextConfirmWindow(machine);
    const signing = signInPage(page, { documents: [{ url: "/docs/cong-van-1.pdf" }], profile: "approval" });
    const window = await windowOpened;
    await chooseSigner(machine, window);
    await confirmWithPin(window, "000000");
    await window.waitForSelector("input[name=pin]:not([disabled])");
    await window.waitForFunction(() => document.querySelector<HTMLInputElement>("input[name=pin]")?.value === "");
    expect(window.isClosed()).toBe(false);
    await confirmWithPin(window, machine.token.userPin);
    const outcome = await signing;
    expect(outcome.results?.[0]?.ok).toBe(true);
    await checkSigned(Buffer.from(outcome.results![0]!.signedBase64!, "base64"), "after-wrong-pin.pdf");
    await page.close();
  }, 90_000);

  it("refuses a document on a foreign origin with URL_NOT_ALLOWED before any window opens", async () => {
    const page = await openPortal();
    const opened = await confirmWindowsOpenedDuring(() => signInPage(page, { documents: [{ url: `${portal.foreignOrigin}/docs/cong-van-1.pdf` }], profile: "approval" }));
    expect(opened.result.error?.code).toBe("URL_NOT_ALLOWED");
    expect(opened.windows).toBe(0);
    await page.close();
  }, 60_000);

  it("puts Ký số and Gửi thư buttons next to the portal's PDF links, and Ký số opens the confirmation", async () => {
    const page = await openPortal();
    await page.waitForSelector("a.doc + span[data-kyso-pdf-buttons]");
    const windowOpened = nextConfirmWindow(machine);
    await page.locator("span[data-kyso-pdf-buttons] button[data-kyso-action=sign-link]").click();
    const window = await windowOpened;
    await window.waitForSelector("button[name=cancel]");
    await window.click("button[name=cancel]");
    await page.close();
  }, 60_000);
});

type VerifyReport = { indication: string; signatures: Array<{ indication: string; signer?: { name?: string }; revocation: { status: string; source?: string } }> };

function verifyInPage(page: Page, bytes: Uint8Array): Promise<VerifyReport> {
  return page.evaluate((base64) => {
    const kyso = (window as unknown as { kyso: { verify(r: unknown): Promise<VerifyReport> } }).kyso;
    return kyso.verify({ document: { bytes: Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)) } });
  }, Buffer.from(bytes).toString("base64"));
}

/** Signs cong-van-1.pdf by URL through the confirmation window with the settings as they are now. */
async function signOneConfirmed(page: Page): Promise<SignOutcome> {
  const windowOpened = nextConfirmWindow(machine);
  const signing = signInPage(page, { documents: [{ url: "/docs/cong-van-1.pdf" }], profile: "approval" });
  const window = await Promise.race([windowOpened, signing.then(() => undefined)]);
  windowOpened.catch(() => undefined);
  if (window) {
    await chooseSigner(machine, window);
    await confirmWithPin(window, machine.token.userPin);
  }
  return signing;
}

async function withSigning(signing: Record<string, unknown>, extra: { signerImagePng?: string } = {}): Promise<void> {
  await storeLocal(machine, { options: { ...settings, signing: { ...settings.signing, ...signing } }, ...extra });
}

describe("verification, PAdES levels and the timestamp policy", () => {
  it("window.kyso.verify reports a signed document TOTAL_PASSED with revocation checked online through the sidecar, and a changed byte TOTAL_FAILED", async () => {
    expect(signedEarlier).toBeDefined();
    const page = await openPortal();
    const report = await verifyInPage(page, signedEarlier!);
    expect(report.indication).toBe("TOTAL_PASSED");
    expect(report.signatures[0]).toMatchObject({ indication: "TOTAL_PASSED", signer: { name: machine.signerName }, revocation: { status: "good", source: "online" } });
    const changed = new Uint8Array(signedEarlier!);
    // A byte inside the first stream's data: the file still parses, the signed bytes differ.
    const at = Buffer.from(changed).indexOf("stream") + 12;
    changed[at] = changed[at]! ^ 0x01;
    expect((await verifyInPage(page, changed)).indication).toBe("TOTAL_FAILED");
    await page.close();
  }, 60_000);

  it("signs at B-LTA when policy says so: the DSS holds the revocation data (relayed by the sidecar, the engine's own OCSP nonce echoed) and a document timestamp follows", async () => {
    await withSigning({ level: "B-LTA" });
    const page = await openPortal();
    const outcome = await signOneConfirmed(page);
    expect(outcome.results?.[0], JSON.stringify(outcome.results?.[0]).slice(0, 500)).toMatchObject({ ok: true, level: "B-LTA" });
    const bytes = Buffer.from(outcome.results![0]!.signedBase64!, "base64");
    const report = await verifyInPage(page, bytes);
    expect(report.indication).toBe("TOTAL_PASSED");
    expect(report.signatures[0]!.revocation).toMatchObject({ status: "good", source: "dss" });
    // The signature, then the document timestamp (pdfsig lists both).
    await expectSignedBytesVerify(machine, { bytes, name: "b-lta.pdf" });
    expect(report.signatures).toHaveLength(2);
    await page.close();
  }, 120_000);

  it("with the TSA down and requireTimestamp (the default), refuses before any confirmation window with the TSA's error", async () => {
    await withSigning({ level: "B-T", tsaUrl: "http://127.0.0.1:9/tsa" });
    const page = await openPortal();
    const before = await signDigestRequests(machine);
    const opened = await confirmWindowsOpenedDuring(() => signInPage(page, { documents: [{ url: "/docs/cong-van-1.pdf" }], profile: "approval" }));
    expect(opened.result.error?.code).toMatch(/^TIMESTAMP_/);
    expect(opened.windows).toBe(0);
    expect(await signDigestRequests(machine)).toBe(before);
    await page.close();
  }, 60_000);

  it("with the TSA down and requireTimestamp off, signs B-B and says so; the signer image from the options page is in the appearance", async () => {
    // A 1x1 PNG as the options page stores it (base64, no data: prefix).
    const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    await withSigning({ level: "B-T", tsaUrl: "http://127.0.0.1:9/tsa", requireTimestamp: false }, { signerImagePng: png });
    const page = await openPortal();
    const outcome = await signOneConfirmed(page);
    expect(outcome.results?.[0]).toMatchObject({ ok: true, level: "B-B" });
    const bytes = Buffer.from(outcome.results![0]!.signedBase64!, "base64");
    await checkSigned(bytes, "b-b-fallback.pdf");
    const original = await page.evaluate(async () => (await (await fetch("/docs/cong-van-1.pdf")).arrayBuffer()).byteLength);
    expect(bytes.subarray(original).toString("latin1")).toMatch(/\/Subtype\s*\/Image/);
    await withSigning({});
    await page.close();
  }, 90_000);
});

describe("what a page that is not allowed gets", () => {
  it("gives a page on an origin policy does not name no window.kyso and no buttons", async () => {
    const page = await openPortal(portal.foreignOrigin);
    await new Promise((done) => setTimeout(done, 1_000));
    expect(await page.evaluate(() => "kyso" in window)).toBe(false);
    expect(await page.locator("[data-kyso-pdf-buttons]").count()).toBe(0);
    await page.close();
  }, 60_000);

  it("ignores page API messages forged by a cross-origin frame of an allowed portal", async () => {
    const page = await openPortal();
    const opened = await confirmWindowsOpenedDuring(async () => {
      await page.evaluate((src) => {
        const frame = document.createElement("iframe");
        frame.src = src;
        document.getElementById("frames")!.append(frame);
      }, `${portal.foreignOrigin}/forging-frame`);
      await new Promise((done) => setTimeout(done, 3_000));
    });
    const frame = page.frames().find((candidate) => candidate.url().startsWith(portal.foreignOrigin));
    expect(frame).toBeDefined();
    // The forger posted several requests: no ack, no answer, no window.
    expect(await frame!.evaluate(() => (window as unknown as { received: unknown[] }).received.length)).toBe(0);
    expect(opened.windows).toBe(0);
    await page.close();
  }, 60_000);
});
