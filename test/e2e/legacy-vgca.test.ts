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
import { join } from "node:path";
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoPortal, type DemoPortal } from "../../demo/portal/demo-portal.js";
import { ERROR_MESSAGES } from "../../shared/protocol/error-messages.js";
import { testServices } from "../setup/test-services.js";
import { browserOf, closePortalMachine, confirmAsSigner, confirmWindowsOpenedWhile, expectSignedFileVerifies, launchPortalBrowser, nextConfirmWindow, preparePortalMachine, type PortalMachine } from "./page-api-session.js";

const services = testServices();
let machine: PortalMachine;
let portal: DemoPortal;

/** Signs in on the portal's login form, then opens `path` once kyso's legacy script is in the page. */
async function openPortalPage(path: string): Promise<Page> {
  const page = await browserOf(machine).context.newPage();
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

const confirmInWindow = (window: Page) => confirmAsSigner(machine, window);

/** Clicks a portal button and waits for its callback's JSON string in #ket-qua. */
async function clickAndAnswer(page: Page, selector: string, decide: (window: Page) => Promise<void> = confirmInWindow): Promise<Record<string, unknown>> {
  const windowOpened = nextConfirmWindow(machine);
  // The button's own click event, not a mouse click at its coordinates: headless Chromium loses
  // mouse clicks on pages whose <embed> holds the PDF viewer once the viewer has loaded (seen here
  // on every document page; the batch page, with no embed, takes real clicks).
  await page.locator(selector).dispatchEvent("click");
  const answered = page.waitForSelector("#ket-qua[data-state=done], #ket-qua[data-state=error]", { timeout: 60_000 });
  // A request kyso refuses before any window (bad profile settings, no sidecar) answers at once: report that answer.
  const first = await Promise.race([windowOpened.then((window) => ({ window })), answered.then(() => ({ window: undefined }))]);
  windowOpened.catch(() => undefined);
  if (first.window) await decide(first.window);
  await answered;
  return JSON.parse((await page.textContent("#ket-qua")) ?? "") as Record<string, unknown>;
}

/** The portal verified it on upload; pdfsig (NSS trusting only the root) and kyso verify must agree. */
const expectUploadVerifies = (uploadPath: string) => expectSignedFileVerifies(machine, uploadPath);

beforeAll(async () => {
  machine = await preparePortalMachine(services, "legacy");
  const tls = { certPem: await readFile(services.pki.entities.tlsServer.certPemFile, "utf8"), keyPem: await readFile(services.pki.entities.tlsServer.keyPemFile, "utf8") };
  portal = await startDemoPortal({ tls, trustAnchorsPem: [machine.rootPem], onlineRevocation: true, batchDocuments: 2, dataDir: join(machine.sandbox, "portal") });
  const settings = {
    // Only the CA plugin's own address: a socket to localhost:8987 (a default of the shim) must then reach the network.
    portals: [{ origin: portal.url, name: "Cổng điều hành (demo kyso)", legacyApi: true, legacyEndpoints: ["127.0.0.1:8987"] }],
    signing: { level: "B-T", tsaUrl: services.tsaUrl },
    keys: { pkcs11ModulesLinux: [machine.token.modulePath] },
    trust: { anchorsPem: [machine.rootPem] },
  };
  await launchPortalBrowser(machine, { tlsCertPem: tls.certPem, settings, scriptIds: ["kyso-content", "kyso-page-api", "kyso-legacy-vgca"] });
}, 180_000);

afterAll(async () => {
  await closePortalMachine(machine);
  await (portal as DemoPortal | undefined)?.close();
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
    const { result: answer, windows } = await confirmWindowsOpenedWhile(machine, () =>
      page.evaluate(() => new Promise<string>((done) => (window as unknown as { vgca_sign_approved(prm: string, cb: (rv: string) => void): void }).vgca_sign_approved("{FileName:", done))),
    );
    expect(JSON.parse(answer)).toMatchObject({ Status: 1, Message: "Tham số gửi phần mềm ký số không phải chuỗi JSON hợp lệ.", ErrorCode: "BAD_REQUEST" });
    expect(windows).toBe(0);
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

  it("VerifyPDF answers with kyso's verification of a signed file; WebSocket URLs outside the policy's legacyEndpoints reach the network untouched", async () => {
    const page = await openPortalPage("/van-ban/cv-12/plugin-cu");
    const signed = portal.uploads().at(-1)!;
    const verify = await page.evaluate((url) => new Promise<string>((done) => (window as unknown as { vgca_verify_pdf(prm: string, cb: (rv: string) => void): void }).vgca_verify_pdf(JSON.stringify({ FileName: url }), done)), `/tep-da-ky/${signed.id}.pdf`);
    expect(JSON.parse(verify), verify).toMatchObject({ Status: 0, Indication: "TOTAL_PASSED", Signatures: [{ Signer: machine.signerName, Indication: "TOTAL_PASSED" }] });
    // A real socket to a closed port fails with a real error event; a legacy one would have opened.
    const opened = (url: string) => page.evaluate((url) => new Promise<string>((done) => {
      const socket = new WebSocket(url);
      socket.onopen = () => done("open");
      socket.onerror = () => done("error");
    }), url);
    expect(await opened("wss://127.0.0.1:1/SignApproved")).toBe("error");
    // The policy's legacyEndpoints replaced the shim's defaults: localhost:8987 is not answered any more.
    expect(await opened("wss://localhost:8987/GetVersion")).toBe("error");
    expect(await opened("wss://127.0.0.1:8987/GetVersion")).toBe("open");
    await page.close();
  }, 90_000);
});
