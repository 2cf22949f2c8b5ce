import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import type { DemoPortal } from "./portal/demo-portal.js";
import { PORTAL_PATHS } from "./portal/portal-pages.js";
import type { PortalUpload } from "./portal/signed-file-archive.js";
import type { DemoBrowser } from "./demo-chromium.js";

/**
 * The main job, as the civil servant does it, driven through the real UI: on the demo portal
 * the leader clicks "Ký phê duyệt" (window.kyso.sign, approval profile), kyso's confirmation
 * window shows the document, the certificate and asks for the PIN; then the clerk signs the
 * approved file again with the organisation's seal (issuing profile, same document, second
 * signature). Each signed file is uploaded to the portal, which verifies it server-side.
 * Automation uses the confirmation window's stable hooks (select[name=certificate],
 * input[name=pin], button[name=confirm]) — exactly what a person would click.
 */
export interface WalkthroughOptions {
  browser: DemoBrowser;
  portal: DemoPortal;
  documentId: string;
  pin: string;
  approvalSigner: string;
  issuingSigner: string;
  screenshot(name: string, page: Page): Promise<void>;
}

export interface WalkthroughResult {
  approval: PortalUpload;
  issued: PortalUpload;
  issuedBytes: Uint8Array;
}

const KYSO_TIMEOUT_MS = 30_000;
const CONFIRM_TIMEOUT_MS = 30_000;
const SIGN_TIMEOUT_MS = 60_000;

/** The page API the portal uses, and what the page can see of it. */
type PageSignResult = { results?: Array<{ name: string; ok: boolean; code?: string; message?: string; upload?: { status: number; body: string } }>; error?: { code?: string; message: string } };

async function logIn(page: Page, portalUrl: string): Promise<void> {
  await page.goto(`${portalUrl}/dang-nhap`);
  await page.fill("input[name=tai_khoan]", "vanthu");
  await page.fill("input[name=mat_khau]", "demo");
  await Promise.all([page.waitForURL(`${portalUrl}/`), page.click("button[name=dang_nhap]")]);
}

/** The extension registers its page script when it has read the options: reload until window.kyso is there. */
async function openWithKyso(page: Page, url: string): Promise<void> {
  const deadline = Date.now() + KYSO_TIMEOUT_MS;
  for (;;) {
    await page.goto(url);
    if (await page.evaluate(() => "kyso" in window)) return;
    if (Date.now() > deadline) throw new Error(`window.kyso never appeared on ${page.url()} ("${await page.title()}"): does the extension load, and do its options allow the portal?`);
    await new Promise((done) => setTimeout(done, 500));
  }
}

/** Picks the certificate of `signer`, types the PIN, takes the screenshot a person would see, confirms. */
async function confirmInKysoWindow(options: WalkthroughOptions, confirmation: { window: Page; signer: string; screenshotName: string }): Promise<void> {
  const { window: confirmWindow, signer, screenshotName } = confirmation;
  await confirmWindow.waitForSelector("select[name=certificate] option[value^='pkcs11:']", { state: "attached", timeout: CONFIRM_TIMEOUT_MS });
  const value = await confirmWindow.$$eval(
    "select[name=certificate] option",
    (choices, name) => (choices as HTMLOptionElement[]).find((choice) => choice.textContent.includes(name) && !choice.disabled)?.value,
    signer,
  );
  if (!value) throw new Error(`no usable certificate of ${signer} in kyso's confirmation window`);
  await confirmWindow.selectOption("select[name=certificate]", value);
  await confirmWindow.fill("input[name=pin]", options.pin);
  // Give pdf.js a moment to draw the preview with the stamp, as a person would see it.
  await confirmWindow.waitForSelector("canvas", { timeout: 5_000 }).catch(() => undefined);
  await confirmWindow.waitForTimeout(400);
  await options.screenshot(screenshotName, confirmWindow);
  await confirmWindow.click("button[name=confirm]");
}

function nextConfirmWindow(options: WalkthroughOptions): Promise<Page> {
  const prefix = `chrome-extension://${options.browser.extensionId}/ui/confirm/confirm.html`;
  return options.browser.context.waitForEvent("page", { predicate: (page) => page.url().startsWith(prefix), timeout: CONFIRM_TIMEOUT_MS });
}

function uploadIdOf(result: PageSignResult, step: string): string {
  if (result.error) throw new Error(`${step}: window.kyso.sign failed: ${result.error.code ?? ""} ${result.error.message}`);
  const first = result.results?.[0];
  if (!first?.ok || !first.upload) throw new Error(`${step}: ${first?.code ?? "no result"} ${first?.message ?? ""}`);
  const answer = JSON.parse(first.upload.body) as { ok: boolean; id?: string; message?: string };
  if (!answer.ok || !answer.id) throw new Error(`${step}: the portal refused the signed file: ${answer.message ?? first.upload.body}`);
  return answer.id;
}

/** Approval: the portal's own button, which calls window.kyso.sign with the document URL and the upload URL. */
async function signApproval(options: WalkthroughOptions, page: Page): Promise<PortalUpload> {
  const windowOpened = nextConfirmWindow(options);
  // A DOM click, not a mouse click: once the page's <embed> PDF viewer has loaded, headless
  // Chromium drops mouse clicks on the page's buttons (seen in the legacy e2e too), so the
  // request sometimes never left the page. The confirm click in kyso's window stays a real click.
  await page.dispatchEvent("button[data-kyso-profile=approval]", "click");
  // The page shows an error instead when kyso refuses before asking the person (no sidecar, portal not allowed).
  const refused = page.waitForSelector("#ket-qua[data-state=error]", { timeout: CONFIRM_TIMEOUT_MS }).then(async () => {
    throw new Error(`approval: ${(await page.textContent("#ket-qua")) ?? ""}`);
  });
  refused.catch(() => undefined);
  const confirmWindow = await Promise.race([windowOpened, refused]).catch(async (error: unknown) => {
    const state = await page.getAttribute("#ket-qua", "data-state");
    throw new Error(`approval: no confirmation window (the portal page is "${state ?? "?"}": ${(await page.textContent("#ket-qua")) ?? ""})`, { cause: error });
  });
  await confirmInKysoWindow(options, { window: confirmWindow, signer: options.approvalSigner, screenshotName: "confirm-approval" });
  await page.waitForSelector("#ket-qua[data-state=done], #ket-qua[data-state=error]", { timeout: SIGN_TIMEOUT_MS });
  const text = (await page.textContent("#ket-qua")) ?? "";
  if ((await page.getAttribute("#ket-qua", "data-state")) !== "done") throw new Error(`approval signature failed: ${text}`);
  const results = JSON.parse(text) as NonNullable<PageSignResult["results"]>;
  return uploadOf(options, uploadIdOf({ results }, "approval"));
}

/**
 * Issuing: the clerk signs the approved file (the portal serves it at /tep-da-ky/<id>.pdf),
 * the way a portal's "phát hành" button calls the page API, uploading the result again.
 */
async function signIssuing(options: WalkthroughOptions, page: Page, approved: PortalUpload): Promise<PortalUpload> {
  const document = options.portal.documents.find((d) => d.id === options.documentId)!;
  const request = {
    documents: [{ url: PORTAL_PATHS.signedFile(approved.id), name: document.fileName, documentNumber: document.number }],
    profile: "issuing",
    documentNumber: document.number,
    documentDate: document.date,
    upload: { url: PORTAL_PATHS.pageApiUpload(document.id), fieldName: "file" },
  };
  const windowOpened = nextConfirmWindow(options);
  const signed = page.evaluate(async (request) => {
    const kyso = (window as unknown as { kyso: { sign(r: unknown): Promise<{ results: unknown[] }> } }).kyso;
    try {
      return { results: (await kyso.sign(request)).results };
    } catch (error) {
      return { error: { code: String((error as { code?: unknown }).code), message: (error as Error).message } };
    }
  }, request) as Promise<PageSignResult>;
  await confirmInKysoWindow(options, { window: await windowOpened, signer: options.issuingSigner, screenshotName: "confirm-issuing" });
  return uploadOf(options, uploadIdOf(await signed, "issuing"));
}

function uploadOf(options: WalkthroughOptions, id: string): PortalUpload {
  const upload = options.portal.uploads().find((u) => u.id === id);
  if (!upload) throw new Error(`the portal has no upload ${id}`);
  return upload;
}

export async function walkThroughPortal(options: WalkthroughOptions): Promise<WalkthroughResult> {
  const page = await options.browser.context.newPage();
  await logIn(page, options.portal.url);
  await openWithKyso(page, `${options.portal.url}${PORTAL_PATHS.document(options.documentId)}`);
  await options.screenshot("portal", page);
  const approval = await signApproval(options, page);
  const issued = await signIssuing(options, page, approval);
  await page.goto(`${options.portal.url}/tep-da-ky`);
  await options.screenshot("portal-signed-files", page);
  return { approval, issued, issuedBytes: await readFile(issued.path) };
}
