/**
 * Legacy plugin compatibility end to end (issue 7): the demo portal (demo/portal) on an origin
 * whose policy entry has legacyApi: true, the real built extension in the system Chromium,
 * the real native host, a private SoftHSM2 token copy. The portal's own page code calls
 * vgca_sign_* exactly as portals do (JSON string + callback), and a second page loads a
 * CA-plugin-alike script whose WebSockets to wss://127.0.0.1:8987/<Method> kyso answers inside
 * the page. Each call goes through the confirmation window; the uploaded file is checked by the
 * portal's own server-side verifier, pdfsig and kyso verify; the callback JSON is checked field
 * by field.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoPortal, type DemoPortal } from "../../demo/portal/demo-portal.js";
import { spkiSha256Base64 } from "../../demo/portal/self-signed-certificate.js";
import { CHROMIUM_EXTENSION_ID } from "../../shared/extension-identity.js";
import { ERROR_MESSAGES } from "../../shared/protocol/error-messages.js";
import { runKyso } from "../cli/run-kyso.js";
import { createNssTrustStore, pdfsig } from "../pdf-checkers/pdfsig.js";
import { copySoftHsmToken } from "../services/softhsm-token.js";
import { testServices } from "../setup/test-services.js";
import { launchChromiumWithExtension, type LaunchedChromium } from "./chromium-launcher.js";

const root = resolve(import.meta.dirname, "../..");
const services = testServices();
const { pki } = services;
const signerName = pki.entities.signerRsa2048.commonName;
const WINDOW_TIMEOUT_MS = 20_000;

let chromium: LaunchedChromium | undefined;
let portal: DemoPortal;
let sandbox = "";
let nssDir = "";
let userPin = "";

const launched = () => {
  if (!chromium) throw new Error("Chromium did not start (see the beforeAll error)");
  return chromium;
};

/** Signs in on the portal's login form, then opens `path` once kyso's legacy script is in the page. */
async function openPortalPage(path: string): Promise<Page> {
  const page = await launched().context.newPage();
  await page.goto(`${portal.url}/dang-nhap`);
  await Promise.all([page.waitForURL(`${portal.url}/`), page.click("button[name=dang_nhap]")]);
  const deadline = Date.now() + 30_000;
  for (;;) {
    await page.goto(`${portal.url}${path}`);
    // kyso's legacy script defines vgca_* at document_start; the plugin page then replaces them with its own.
    if (await page.evaluate(() => "kyso" in window && typeof (window as unknown as Record<string, unknown>).vgca_sign_approved === "function")) return page;
    if (Date.now() > deadline) throw new Error("window.kyso and vgca_* never appeared on the portal (policy legacyApi, scripts registered?)");
    await new Promise((done) => setTimeout(done, 500));
  }
}

function nextConfirmWindow(): Promise<Page> {
  return launched().context.waitForEvent("page", { predicate: (page) => page.url().startsWith(`chrome-extension://${CHROMIUM_EXTENSION_ID}/ui/confirm/confirm.html`), timeout: WINDOW_TIMEOUT_MS });
}

async function confirmInWindow(window: Page): Promise<void> {
  await window.waitForSelector("select[name=certificate] option[value^='pkcs11:']", { state: "attached" });
  const value = await window.$$eval("select[name=certificate] option", (options, name) => (options as HTMLOptionElement[]).find((option) => option.textContent.includes(name) && !option.disabled)?.value, signerName);
  if (!value) throw new Error(`no usable certificate of ${signerName} in the confirmation window`);
  await window.selectOption("select[name=certificate]", value);
  await window.fill("input[name=pin]", userPin);
  await window.click("button[name=confirm]");
}

/** Clicks a portal button and waits for its callback's JSON string in #ket-qua. */
async function clickAndAnswer(page: Page, selector: string, decide: (window: Page) => Promise<void> = confirmInWindow): Promise<Record<string, unknown>> {
  const windowOpened = nextConfirmWindow();
  await page.click(selector);
  const answered = page.waitForSelector("#ket-qua[data-state=done], #ket-qua[data-state=error]", { timeout: 60_000 });
  // A request kyso refuses before any window (bad profile settings, no sidecar) answers at once: report that answer.
  const first = await Promise.race([windowOpened.then((window) => ({ window })), answered.then(() => ({ window: undefined }))]);
  windowOpened.catch(() => undefined);
  if (first.window) await decide(first.window);
  await answered;
  return JSON.parse((await page.textContent("#ket-qua")) ?? "") as Record<string, unknown>;
}

/** The portal verified it on upload; pdfsig (NSS) and kyso verify must agree. */
async function expectUploadVerifies(uploadPath: string): Promise<void> {
  const signatures = await pdfsig(uploadPath, nssDir);
  expect(signatures.at(-1)).toMatchObject({ signerName, valid: true, trusted: true, totalDocumentSigned: true });
  const verified = await runKyso(["verify", uploadPath, "--trust", pki.rootCa.certPemFile, "--json", "--lang", "en"]);
  expect(verified.code, verified.stderr).toBe(0);
  expect((JSON.parse(verified.stdout) as { indication: string }).indication).toBe("TOTAL_PASSED");
}

beforeAll(async () => {
  sandbox = await mkdtemp(join(tmpdir(), "kyso-e2e-legacy-"));
  const profile = join(sandbox, "profile");
  const token = await copySoftHsmToken(services.softhsm, join(sandbox, "softhsm"));
  userPin = token.userPin;
  // Chromium starts the native host with the environment it inherits from this process.
  process.env.SOFTHSM2_CONF = token.configFile;
  process.env.KYSO_STATE_DIR = join(sandbox, "state");
  process.env.KYSO_CONFIG = join(sandbox, "config.json");
  const installed = await runKyso(["install", "--scope", "user", "--browser", "chromium", "--user-data-dir", profile], { env: { HOME: sandbox, XDG_DATA_HOME: join(sandbox, "data") } });
  if (installed.code !== 0) throw new Error(`kyso install failed: ${installed.stderr}`);
  nssDir = await createNssTrustStore(join(sandbox, "nss"), pki.rootCa.certPemFile);
  const tls = { certPem: await readFile(pki.entities.tlsServer.certPemFile, "utf8"), keyPem: await readFile(pki.entities.tlsServer.keyPemFile, "utf8") };
  // Online: the extension's CMS may carry only the signer's certificate, the issuing CA then comes from AIA.
  portal = await startDemoPortal({ tls, trustAnchorsPem: [await readFile(pki.rootCa.certPemFile, "utf8")], onlineRevocation: true, batchDocuments: 2, dataDir: join(sandbox, "portal") });
  const options = {
    portals: [{ origin: portal.url, name: "Cổng điều hành (demo kyso)", legacyApi: true }],
    signing: { level: "B-T", tsaUrl: services.tsaUrl },
    keys: { pkcs11ModulesLinux: [token.modulePath] },
  };
  chromium = await launchChromiumWithExtension({
    extensionDir: join(root, "dist/chrome"),
    userDataDir: profile,
    extraArgs: [`--ignore-certificate-errors-spki-list=${spkiSha256Base64(tls.certPem)}`],
  });
  // What the options page stores on an unmanaged machine: this suite never touches the shared managed policy directory.
  type LocalStorage = { chrome: { storage: { local: { set(items: object): Promise<void> } } } };
  await chromium.serviceWorker.evaluate((options) => (globalThis as unknown as LocalStorage).chrome.storage.local.set({ options }), options);
  await legacyScriptRegistered(chromium);
}, 180_000);

/** The background registers the legacy script from the settings asynchronously: wait for it once. */
async function legacyScriptRegistered(browser: LaunchedChromium): Promise<void> {
  type Scripting = { chrome: { scripting: { getRegisteredContentScripts(): Promise<Array<{ id: string }>> } } };
  const deadline = Date.now() + 60_000;
  while (!(await browser.serviceWorker.evaluate(async () => (await (globalThis as unknown as Scripting).chrome.scripting.getRegisteredContentScripts()).map((script) => script.id))).includes("kyso-legacy-vgca")) {
    if (Date.now() > deadline) throw new Error("the background never registered page/legacy-vgca.js for the portal with legacyApi: true");
    await new Promise((done) => setTimeout(done, 500));
  }
}

afterAll(async () => {
  await chromium?.close();
  await (portal as DemoPortal | undefined)?.close();
  if (sandbox) await rm(sandbox, { recursive: true, force: true });
});

describe("legacy vgca_* calls on a portal with legacyApi", () => {
  it.each([
    ["vgca_sign_approved"],
    ["vgca_sign_issued"],
    ["vgca_sign_copy"],
    ["vgca_sign_appendix"],
    ["vgca_sign_income"],
    ["vgca_comment"],
  ])("%s: signs after the confirm click, uploads as `uploadfile` with the page's cookie and JWTToken, and calls back Status 0 with the handler's answer", async (call) => {
    const page = await openPortalPage("/van-ban/cv-12");
    const before = portal.uploads().length;
    const answer = await clickAndAnswer(page, `button[data-vgca=${call}]`);
    expect(answer, JSON.stringify(answer)).toMatchObject({ Status: 0, FileName: "cv-12.pdf", DocumentNumber: "12/UBND-VP", DocumentDate: "2024-05-02T08:00:00+07:00" });
    const uploads = portal.uploads().slice(before);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({ via: "legacy", fieldName: "uploadfile", documentId: "cv-12", auth: { byCookie: true, byBearer: true }, verification: { indication: "TOTAL_PASSED" } });
    const handlerAnswer = JSON.parse(answer.FileServer as string) as Record<string, unknown>;
    expect(handlerAnswer).toMatchObject({ Status: true, FileServer: `/tep-da-ky/${uploads[0]!.id}.pdf` });
    await expectUploadVerifies(uploads[0]!.path);
    await page.close();
  }, 120_000);

  it("vgca_sign_files: one confirmation for the whole list, one upload per file, Files in the callback", async () => {
    const page = await openPortalPage("/ky-hang-loat");
    const before = portal.uploads().length;
    const answer = (await clickAndAnswer(page, "button[data-vgca=vgca_sign_files]")) as { Status: number; Files: Array<Record<string, unknown>> };
    const outgoing = portal.documents.filter((d) => d.kind === "outgoing").map((d) => d.id);
    expect(answer.Status, JSON.stringify(answer)).toBe(0);
    expect(answer.Files.map((file) => [file.FileID, file.Status])).toEqual(outgoing.map((id) => [id, 0]));
    const uploads = portal.uploads().slice(before);
    expect(uploads).toHaveLength(outgoing.length);
    expect(uploads.every((upload) => upload.verification.indication === "TOTAL_PASSED")).toBe(true);
    await expectUploadVerifies(uploads.at(-1)!.path);
    await page.close();
  }, 180_000);

  it("calls back Status 1 with the Vietnamese message when the person cancels, and uploads nothing", async () => {
    const page = await openPortalPage("/van-ban/cv-12");
    const before = portal.uploads().length;
    const answer = await clickAndAnswer(page, "button[data-vgca=vgca_sign_approved]", (window) => window.click("button[name=cancel]"));
    expect(answer).toMatchObject({ Status: 1, Message: ERROR_MESSAGES.CANCELLED.vi, ErrorCode: "CANCELLED", FileServer: "" });
    expect(portal.uploads()).toHaveLength(before);
    await page.close();
  }, 90_000);

  it("calls back Status 1 for a JSON string that is not JSON, without opening a confirmation window", async () => {
    const page = await openPortalPage("/van-ban/cv-12");
    const answer = await page.evaluate(() => new Promise<string>((done) => (window as unknown as { vgca_sign_approved(prm: string, cb: (rv: string) => void): void }).vgca_sign_approved("{FileName:", done)));
    expect(JSON.parse(answer)).toMatchObject({ Status: 1, Message: "Tham số gửi phần mềm ký số không phải chuỗi JSON hợp lệ.", ErrorCode: "BAD_REQUEST" });
    expect(launched().context.pages().some((p) => p.url().includes("/ui/confirm/"))).toBe(false);
    await page.close();
  }, 60_000);
});

describe("the CA plugin's WebSockets to wss://127.0.0.1:8987, answered inside the page", () => {
  it("SignApproved through the plugin-alike script: confirm, upload, and the one JSON answer with Status 0", async () => {
    const page = await openPortalPage("/van-ban/cv-12/plugin-cu");
    const before = portal.uploads().length;
    const answer = await clickAndAnswer(page, "button[data-vgca=vgca_sign_approved]");
    expect(answer).toMatchObject({ Status: 0, FileName: "cv-12.pdf", DocumentNumber: "12/UBND-VP" });
    const upload = portal.uploads().slice(before)[0]!;
    expect(upload).toMatchObject({ via: "legacy", fieldName: "uploadfile", verification: { indication: "TOTAL_PASSED" } });
    await expectUploadVerifies(upload.path);
    await page.close();
  }, 120_000);

  it("VerifyPDF answers with kyso's verification of a signed file; other WebSocket URLs reach the network untouched", async () => {
    const page = await openPortalPage("/van-ban/cv-12/plugin-cu");
    const signed = portal.uploads().at(-1)!;
    const verify = await page.evaluate((url) => new Promise<string>((done) => (window as unknown as { vgca_verify_pdf(prm: string, cb: (rv: string) => void): void }).vgca_verify_pdf(JSON.stringify({ FileName: url }), done)), `/tep-da-ky/${signed.id}.pdf`);
    expect(JSON.parse(verify), verify).toMatchObject({ Status: 0, Indication: "TOTAL_PASSED", Signatures: [{ Signer: signerName, Indication: "TOTAL_PASSED" }] });
    // A real socket to a closed port fails with a real error event; a legacy one would have opened.
    const other = await page.evaluate(() => new Promise<string>((done) => {
      const socket = new WebSocket("wss://127.0.0.1:1/SignApproved");
      socket.onopen = () => done("open");
      socket.onerror = () => done("error");
    }));
    expect(other).toBe("error");
    await page.close();
  }, 90_000);
});
