/**
 * The page API end to end: a loopback portal on an origin the settings allow (the local options
 * of an unmanaged machine, so that this suite never fights another suite's managed policy file
 * in the one shared /etc/chromium/policies/managed), the real built extension in the system Chromium, the real native host that
 * `kyso install` registered for this profile, a SoftHSM2 token (this file's own copy: one test
 * types a wrong PIN). window.kyso.sign → the confirmation window → one sign.digest → signed
 * bytes or an upload, checked by pdfsig and kyso verify; and what a hostile page must not get.
 */
import { execFile } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_EXTENSION_ID } from "../../shared/extension-identity.js";
import { runKyso } from "../cli/run-kyso.js";
import { createNssTrustStore, pdfsig } from "../pdf-checkers/pdfsig.js";
import { copySoftHsmToken } from "../services/softhsm-token.js";
import { testServices } from "../setup/test-services.js";
import { launchChromiumWithExtension, type LaunchedChromium } from "./chromium-launcher.js";
import { startPageApiPortal, type PageApiPortal } from "./page-api-portal.js";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
const services = testServices();
const { pki } = services;
const signerName = pki.entities.signerRsa2048.commonName;
const WINDOW_TIMEOUT_MS = 20_000;

let chromium: LaunchedChromium | undefined;
let portal: PageApiPortal;
let sandbox = "";
let stateDir = "";
let nssDir = "";
let userPin = "";

const launched = () => {
  if (!chromium) throw new Error("Chromium did not start (see the beforeAll error)");
  return chromium;
};

/** SHA-256 of the TLS certificate's public key: Chromium accepts exactly that key for the loopback portal. */
function spkiHash(certPem: string): string {
  return createHash("sha256").update(new X509Certificate(certPem).publicKey.export({ type: "spki", format: "der" })).digest("base64");
}

async function signDigestRequests(): Promise<number> {
  const logDir = join(stateDir, "logs");
  const texts = await Promise.all((await readdir(logDir)).map((file) => readFile(join(logDir, file), "utf8")));
  return texts.join("").split("\n").filter((line) => line.includes('"method":"sign.digest"') && /"event":"request\.(done|failed)"/.test(line)).length;
}

/** Opens the portal and waits until the scripts registered from policy are in it. */
async function openPortal(origin = portal.origin): Promise<Page> {
  const page = await launched().context.newPage();
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

function nextConfirmWindow(): Promise<Page> {
  return launched().context.waitForEvent("page", { predicate: (page) => page.url().startsWith(`chrome-extension://${CHROMIUM_EXTENSION_ID}/ui/confirm/confirm.html`), timeout: WINDOW_TIMEOUT_MS });
}

/** How many confirmation windows opened while `work` ran. */
async function confirmWindowsOpenedDuring<T>(work: () => Promise<T>): Promise<{ result: T; windows: number }> {
  let windows = 0;
  const watch = (other: Page) => {
    if (other.url().includes("/ui/confirm/")) windows += 1;
  };
  launched().context.on("page", watch);
  try {
    return { result: await work(), windows };
  } finally {
    launched().context.off("page", watch);
  }
}

async function chooseSigner(window: Page): Promise<void> {
  await window.waitForSelector("select[name=certificate] option[value^='pkcs11:']", { state: "attached" });
  const value = await window.$$eval("select[name=certificate] option", (options, name) => (options as HTMLOptionElement[]).find((option) => option.textContent.includes(name) && !option.disabled)?.value, signerName);
  if (!value) throw new Error(`no usable certificate of ${signerName} in the confirmation window`);
  await window.selectOption("select[name=certificate]", value);
}

async function confirmWithPin(window: Page, pin: string): Promise<void> {
  await window.fill("input[name=pin]", pin);
  await window.click("button[name=confirm]");
}

async function checkSigned(bytes: Buffer, name: string): Promise<void> {
  const file = join(sandbox, name);
  await writeFile(file, bytes);
  const signatures = await pdfsig(file, nssDir);
  expect(signatures).toHaveLength(1);
  expect(signatures[0]).toMatchObject({ signerName, valid: true, trusted: true, totalDocumentSigned: true });
  const verified = await runKyso(["verify", file, "--trust", pki.rootCa.certPemFile, "--json", "--lang", "en"]);
  expect(verified.code, verified.stderr).toBe(0);
  expect((JSON.parse(verified.stdout) as { indication: string }).indication).toBe("TOTAL_PASSED");
}

beforeAll(async () => {
  sandbox = await mkdtemp(join(tmpdir(), "kyso-e2e-page-api-"));
  const profile = join(sandbox, "profile");
  stateDir = join(sandbox, "state");
  const token = await copySoftHsmToken(services.softhsm, join(sandbox, "softhsm"));
  userPin = token.userPin;
  // The issuing CA on the token too, as on the CAs' real tokens: keys.list offers it as the
  // signer's chain, the CMS carries it, and pdfsig can then build the path to the trusted root.
  await run("pkcs11-tool", ["--module", token.modulePath, "--token-label", token.tokenLabel, "--login", "--pin", token.userPin,
    "--write-object", pki.issuingCa.certDerFile, "--type", "cert", "--id", "ff", "--label", "issuing CA"], { env: { ...process.env, SOFTHSM2_CONF: token.configFile } });
  // Chromium starts the host with the environment it inherits from this process.
  process.env.SOFTHSM2_CONF = token.configFile;
  process.env.KYSO_STATE_DIR = stateDir;
  process.env.KYSO_CONFIG = join(sandbox, "config.json");
  const installed = await runKyso(["install", "--scope", "user", "--browser", "chromium", "--user-data-dir", profile], { env: { HOME: sandbox, XDG_DATA_HOME: join(sandbox, "data") } });
  if (installed.code !== 0) throw new Error(`kyso install failed: ${installed.stderr}`);
  nssDir = await createNssTrustStore(join(sandbox, "nss"), pki.rootCa.certPemFile);
  const tls = pki.entities.tlsServer;
  portal = await startPageApiPortal(tls);
  const options = {
    portals: [{ origin: portal.origin, name: "Cổng thử nghiệm kyso", pdfSelectors: ["a.doc"] }],
    signing: { level: "B-T", tsaUrl: services.tsaUrl },
    keys: { pkcs11ModulesLinux: [token.modulePath] },
  };
  chromium = await launchChromiumWithExtension({
    extensionDir: join(root, "dist/chrome"),
    userDataDir: profile,
    extraArgs: [`--ignore-certificate-errors-spki-list=${spkiHash(await readFile(tls.certPemFile, "utf8"))}`],
  });
  // What the options page stores on an unmanaged machine (extension/background/policy-settings.ts).
  type LocalStorage = { chrome: { storage: { local: { set(items: object): Promise<void> } } } };
  await chromium.serviceWorker.evaluate((options) => (globalThis as unknown as LocalStorage).chrome.storage.local.set({ options }), options);
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await (portal as PageApiPortal | undefined)?.close();
  if (sandbox) await rm(sandbox, { recursive: true, force: true });
});

describe("window.kyso.sign on an allowed portal", () => {
  it("signs a document given by URL only after the confirm click, with the page's cookies, and returns bytes that pdfsig and kyso verify accept", async () => {
    const page = await openPortal();
    const windowOpened = nextConfirmWindow();
    const signing = signInPage(page, { documents: [{ url: "/docs/cong-van-1.pdf", documentNumber: "12/UBND-VP" }], profile: "approval" });
    const window = await windowOpened;
    await chooseSigner(window);
    await window.fill("input[name=pin]", userPin);
    // Nothing is signed while the window waits for the person.
    await new Promise((done) => setTimeout(done, 1_500));
    expect(await signDigestRequests()).toBe(0);
    await window.click("button[name=confirm]");
    const outcome = await signing;
    expect(outcome.error).toBeUndefined();
    expect(outcome.results).toHaveLength(1);
    expect(outcome.results![0]).toMatchObject({ name: "cong-van-1.pdf", ok: true });
    expect(portal.documentRequests.at(-1)).toEqual({ path: "/docs/cong-van-1.pdf", withSession: true });
    await checkSigned(Buffer.from(outcome.results![0]!.signedBase64!, "base64"), "url-signed.pdf");
    expect(await signDigestRequests()).toBe(1);
    await page.close();
  }, 90_000);

  it("signs a batch of 10 documents with one PIN and one sign.digest, and uploads each to the page's upload target with its cookies", async () => {
    const page = await openPortal();
    const before = await signDigestRequests();
    const uploadsBefore = portal.uploads.length;
    const windowOpened = nextConfirmWindow();
    const documents = Array.from({ length: 10 }, (_, i) => ({ url: `${portal.origin}/docs/to-trinh-${i + 1}.pdf` }));
    const signing = signInPage(page, { documents, profile: "approval", upload: { url: "/upload", fieldName: "uploadfile" } });
    const window = await windowOpened;
    await chooseSigner(window);
    await confirmWithPin(window, userPin);
    const outcome = await signing;
    expect(outcome.error).toBeUndefined();
    expect(outcome.results?.map((result) => result.ok)).toEqual(new Array(10).fill(true));
    expect(outcome.results![0]!.upload).toMatchObject({ status: 200 });
    expect(await signDigestRequests()).toBe(before + 1);
    const uploaded = portal.uploads.slice(uploadsBefore);
    expect(uploaded.map((file) => file.fieldName)).toEqual(new Array(10).fill("uploadfile"));
    expect(uploaded.every((file) => file.session !== undefined)).toBe(true);
    await checkSigned(Buffer.from(uploaded[9]!.bytes), "batch-10.pdf");
    await page.close();
  }, 120_000);

  it("rejects with CANCELLED when the person cancels, and signs nothing", async () => {
    const page = await openPortal();
    const before = await signDigestRequests();
    const windowOpened = nextConfirmWindow();
    const signing = signInPage(page, { documents: [{ url: "/docs/cong-van-1.pdf" }], profile: "approval" });
    const window = await windowOpened;
    await chooseSigner(window);
    await window.click("button[name=cancel]");
    expect((await signing).error?.code).toBe("CANCELLED");
    expect(await signDigestRequests()).toBe(before);
    await page.close();
  }, 60_000);

  it("keeps the window open after a wrong PIN and signs with the right one", async () => {
    const page = await openPortal();
    const windowOpened = nextConfirmWindow();
    const signing = signInPage(page, { documents: [{ url: "/docs/cong-van-1.pdf" }], profile: "approval" });
    const window = await windowOpened;
    await chooseSigner(window);
    await confirmWithPin(window, "000000");
    await window.waitForSelector("input[name=pin]:not([disabled])");
    await window.waitForFunction(() => document.querySelector<HTMLInputElement>("input[name=pin]")?.value === "");
    expect(window.isClosed()).toBe(false);
    await confirmWithPin(window, userPin);
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
    const windowOpened = nextConfirmWindow();
    await page.locator("span[data-kyso-pdf-buttons] button[data-kyso-action=sign-link]").click();
    const window = await windowOpened;
    await window.waitForSelector("button[name=cancel]");
    await window.click("button[name=cancel]");
    await page.close();
  }, 60_000);
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
