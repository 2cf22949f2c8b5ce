/**
 * The confirmation window (ARCHITECTURE.md security rules 1, 2, 4), built as users install it
 * and opened in the system Chromium. The background side is a stand-in that speaks contract
 * §2 over the real runtime port (fixtures/confirm-window/stand-in-background.ts, bundled into
 * a copy of dist/chrome in place of background.js); the window under test is unchanged.
 */
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { PDFDocument, rgb, StandardFonts } from "pdf-lib";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultDisplayedRect, defaultPageIndex, type VisibleProfile } from "../../shared/appearance/default-placement.js";
import type { ConfirmDocument, ConfirmRequest, ConfirmRequestBody, FromConfirmWindow, ToConfirmWindow } from "../../shared/protocol/confirmation.js";
import type { CertificateEntry } from "../../shared/protocol/methods/keys.js";
import { launchChromiumWithExtension, type LaunchedChromium } from "./chromium-launcher.js";
import type { StandInBackground } from "./fixtures/confirm-window/stand-in-background.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const chromeDir = join(root, "dist/chrome");
const artifactsDir = join(root, "test-artifacts");
const A4 = { width: 595, height: 842 };
const PIN = "246813";

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> } | undefined>;
const readMessages = async (language: "vi" | "en") => JSON.parse(await readFile(join(chromeDir, "_locales", language, "messages.json"), "utf8")) as Messages;
/** A message as chrome.i18n fills it: placeholders named $NAME$ in order of their $1, $2. */
function fill(messages: Messages, key: string, ...substitutions: string[]): string {
  const entry = messages[key];
  if (!entry) throw new Error(`no message ${key}`);
  return entry.message.replace(/\$(\w+)\$/g, (_, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? "";
    return substitutions[Number(content.slice(1)) - 1] ?? "";
  });
}

/** A copy of the built extension whose background is the stand-in; without `_locales/en` the window shows the default, Vietnamese. */
async function extensionWithStandIn(language: "vi" | "en"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `kyso-confirm-${language}-`));
  await cp(chromeDir, dir, { recursive: true });
  if (language === "vi") await rm(join(dir, "_locales/en"), { recursive: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: [join(here, "fixtures/confirm-window/stand-in-background.ts")],
    outfile: join(dir, "background.js"),
    bundle: true,
    format: "iife",
    logLevel: "warning",
  });
  return dir;
}

/** A document with something to see on every page: a frame, a title and lines of "text". */
async function samplePdf(title: string, pages: number): Promise<string> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.TimesRoman);
  for (let number = 1; number <= pages; number++) {
    const page = document.addPage([A4.width, A4.height]);
    page.drawRectangle({ x: 40, y: 40, width: A4.width - 80, height: A4.height - 80, borderColor: rgb(0.2, 0.2, 0.2), borderWidth: 1 });
    page.drawText(`${title} - page ${number}`, { x: 70, y: A4.height - 110, size: 22, font });
    for (let line = 0; line < 20; line++) page.drawRectangle({ x: 70, y: A4.height - 160 - line * 24, width: 420 - (line % 4) * 40, height: 8, color: rgb(0.55, 0.55, 0.55) });
  }
  return Buffer.from(await document.save()).toString("base64");
}

const DAY = 86_400_000;
const isoIn = (days: number) => new Date(Date.now() + days * DAY).toISOString();
function certificate(id: number, holder: string, notAfter: string): CertificateEntry {
  return {
    provider: "pkcs11",
    certificateId: `pkcs11:token=kyso-test;id=%0${id}`,
    tokenLabel: "kyso-test",
    tokenSerial: "0001",
    subject: `CN=${holder}, O=UBND tỉnh Gia Lai, C=VN`,
    issuer: "CN=Kyso Test Issuing CA, O=Kyso Test, C=VN",
    serialNumber: `0${id}`,
    notBefore: isoIn(-365),
    notAfter,
    keyType: "RSA",
    keySizeBits: 2048,
  };
}
const VALID = certificate(1, "Nguyễn Văn An", isoIn(400));
const EXPIRING = certificate(2, "Trần Thị Bình", isoIn(12.5));
const EXPIRED = certificate(3, "Lê Văn Cường", isoIn(-3));

type Unplaced = Omit<ConfirmDocument, "defaultPlacement">;
let unplaced: Unplaced[] = [];
beforeAll(async () => {
  unplaced = [
    { index: 0, name: "Quyết định 125-QĐ-UBND.pdf", documentNumber: "125/QĐ-UBND", pageCount: 3, sizeBytes: 182_400, bytes: await samplePdf("Decision 125", 3) },
    { index: 1, name: "Phụ lục kèm theo.pdf", pageCount: 1, sizeBytes: 2_480_000, bytes: await samplePdf("Appendix", 1) },
  ];
});

/** The documents with the profile's default placement, computed as the background does (shared/appearance). */
function placedFor(profile: VisibleProfile): ConfirmDocument[] {
  const [x1, y1, x2, y2] = defaultDisplayedRect(profile, A4);
  return unplaced.map((document) => ({ ...document, defaultPlacement: { page: defaultPageIndex(profile, document.pageCount), x: x1, y: y1, width: x2 - x1, height: y2 - y1 } }));
}
const documents = () => placedFor("approval");

const requestOf = (overrides: Partial<ConfirmRequestBody> & { profile?: VisibleProfile } = {}): ConfirmRequest => ({
  type: "confirm.request",
  request: {
    origin: "https://vanban.gialai.gov.vn",
    siteName: "Hệ thống quản lý văn bản — UBND tỉnh Gia Lai",
    profile: "approval",
    pinMode: "pin",
    certificates: [VALID, EXPIRING, EXPIRED],
    documents: placedFor(overrides.profile ?? "approval"),
    ...overrides,
  },
});

type StandInGlobal = { kysoStandIn: StandInBackground };

/** One confirmation window and the stand-in background's view of its port. */
interface ConfirmWindow {
  page: Page;
  send(message: ToConfirmWindow): Promise<void>;
  received(): Promise<FromConfirmWindow[]>;
  disconnected(): Promise<boolean>;
}

/** Errors and warnings each window logged (a CSP violation is one), kept per page. */
const logged = new WeakMap<Page, string[]>();
const consoleProblems = (page: Page) => logged.get(page) ?? [];

let windowCount = 0;
async function openConfirmWindow(chromium: LaunchedChromium, request: ConfirmRequest = requestOf()): Promise<ConfirmWindow> {
  const portName = `confirm:t${++windowCount}`;
  const worker = chromium.serviceWorker;
  const page = await chromium.context.newPage();
  const problems: string[] = [];
  logged.set(page, problems);
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  // The inside of the background's 960 × 760 popup window.
  await page.setViewportSize({ width: 960, height: 720 });
  await page.goto(`chrome-extension://${chromium.extensionId}/ui/confirm/confirm.html?id=t${windowCount}`);
  const connected = () => worker.evaluate(() => (globalThis as unknown as StandInGlobal).kysoStandIn.connected());
  await expect.poll(connected, { timeout: 10_000 }).toContain(portName);
  const window: ConfirmWindow = {
    page,
    send: (message) => worker.evaluate(([port, m]) => (globalThis as unknown as StandInGlobal).kysoStandIn.send(port, m), [portName, message] as const),
    received: () => worker.evaluate((port) => (globalThis as unknown as StandInGlobal).kysoStandIn.received(port), portName) as Promise<FromConfirmWindow[]>,
    disconnected: async () => (await worker.evaluate(() => (globalThis as unknown as StandInGlobal).kysoStandIn.disconnected())).includes(portName),
  };
  await window.send(request);
  await page.waitForSelector("#page-canvas[data-rendered]", { timeout: 15_000 });
  return window;
}

/** Pixels of the rendered page that are not white: a blank canvas has none. */
const inkedPixels = (page: Page) =>
  page.evaluate(() => {
    const canvas = document.getElementById("page-canvas") as HTMLCanvasElement;
    const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 200 || data[i + 1]! < 200 || data[i + 2]! < 200) inked++;
    return inked;
  });

const stampPlacement = async (page: Page) => {
  const stamp = page.locator("#stamp");
  return { page: Number(await stamp.getAttribute("data-page")), x: Number(await stamp.getAttribute("data-x")), y: Number(await stamp.getAttribute("data-y")) };
};

async function choose(window: ConfirmWindow, certificateId: string, pin?: string): Promise<void> {
  await window.page.selectOption("select[name=certificate]", certificateId);
  if (pin !== undefined) await window.page.fill("input[name=pin]", pin);
}

function chromiumForSuite(language: "vi" | "en"): () => LaunchedChromium {
  let launched: LaunchedChromium | undefined;
  let extensionDir = "";
  beforeAll(async () => {
    extensionDir = await extensionWithStandIn(language);
    launched = await launchChromiumWithExtension({ extensionDir, ...(language === "en" ? { locale: "en" as const } : {}) });
  });
  afterAll(async () => {
    await launched?.close();
    if (extensionDir) await rm(extensionDir, { recursive: true, force: true });
  });
  return () => {
    if (!launched) throw new Error("Chromium did not start (see the beforeAll error)");
    return launched;
  };
}

describe("confirmation window in an English browser", () => {
  const chromium = chromiumForSuite("en");
  let en: Messages = {};
  beforeAll(async () => {
    en = await readMessages("en");
  });

  it("shows the requesting site, the profile in words, every document and a rendered preview of the page where the stamp goes", async () => {
    const { page } = await openConfirmWindow(chromium());
    // pdf.js parsed the file in its own worker, shipped in the extension, and nothing broke the extension's CSP.
    expect(page.workers().map((worker) => new URL(worker.url()).pathname)).toContain("/ui/confirm/pdf-worker.js");
    expect(consoleProblems(page)).toEqual([]);
    expect(await page.textContent("#site-name")).toBe("Hệ thống quản lý văn bản — UBND tỉnh Gia Lai");
    expect(await page.textContent("#site-origin")).toBe("https://vanban.gialai.gov.vn");
    expect(await page.textContent("#profile-name")).toBe(en.confirm_profile_approval?.message);
    expect(await page.textContent("#documents-heading")).toBe(fill(en, "confirm_documentsHeading", "2"));
    const rows = await page.locator("#document-rows tr").allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/Quyết định 125-QĐ-UBND\.pdf\s+125\/QĐ-UBND\s+3\s+178(\.1)? kB/);
    expect(rows[1]).toMatch(/Phụ lục kèm theo\.pdf\s+—\s+1\s+2\.4 MB/);
    // Approval goes on the last page: the preview opens there, drawn, with the stamp on it.
    expect(await page.getAttribute("#page-canvas", "data-rendered")).toBe("0:2");
    expect(await page.textContent("#page-label")).toBe(fill(en, "confirm_pageOf", "3", "3"));
    expect(await inkedPixels(page)).toBeGreaterThan(2000);
    expect(await page.isVisible("#stamp")).toBe(true);

    // Every document can be looked at: the second one opens on its own stamp page.
    await page.locator("#document-rows tr").nth(1).locator("button[name=preview]").click();
    await page.waitForSelector('#page-canvas[data-rendered="1:0"]');
    expect(await page.textContent("#preview-document")).toBe("Phụ lục kèm theo.pdf");
    expect(await page.getAttribute("#document-rows tr:nth-child(2)", "aria-current")).toBe("true");
    expect(await inkedPixels(page)).toBeGreaterThan(2000);
    await page.close();
  });

  it("marks expired certificates and keeps them out of reach, marks those expiring within 30 days, and keeps Sign disabled until a certificate is chosen", async () => {
    const window = await openConfirmWindow(chromium());
    const { page } = window;
    const options = await page.$$eval("select[name=certificate] option", (all) =>
      (all as HTMLOptionElement[]).map((o) => ({ value: o.value, text: o.textContent, disabled: o.disabled })),
    );
    const option = (id: string) => options.find((o) => o.value === id)!;
    expect(option(VALID.certificateId).disabled).toBe(false);
    expect(option(VALID.certificateId).text).toContain("Nguyễn Văn An — Kyso Test Issuing CA — valid until");
    expect(option(EXPIRING.certificateId).disabled).toBe(false);
    expect(option(EXPIRING.certificateId).text).toMatch(/expires soon: .* \(12 days left\)/);
    expect(option(EXPIRED.certificateId).disabled).toBe(true);
    expect(option(EXPIRED.certificateId).text).toContain("EXPIRED on");

    expect(await page.isDisabled("button[name=confirm]")).toBe(true);
    await page.fill("input[name=pin]", PIN);
    expect(await page.isDisabled("button[name=confirm]")).toBe(true);
    await page.selectOption("select[name=certificate]", EXPIRING.certificateId);
    expect(await page.isEnabled("button[name=confirm]")).toBe(true);
    expect(await page.getAttribute("input[name=pin]", "type")).toBe("password");
    expect(await page.getAttribute("input[name=pin]", "autocomplete")).toBe("off");
    expect(await window.received()).toEqual([]);
    await page.close();
  });

  it("sends the stamp where the person dragged it, on the page they moved it to, and the PIN only in decide", async () => {
    const window = await openConfirmWindow(chromium());
    const { page } = window;
    const start = await stampPlacement(page);
    expect(start).toEqual({ page: 2, x: documents()[0]!.defaultPlacement!.x, y: documents()[0]!.defaultPlacement!.y });

    // To the page before, then dragged 60 px right and 90 px up.
    await page.click("button[name=previous-page]");
    await page.waitForSelector('#page-canvas[data-rendered="0:1"]');
    const box = (await page.locator("#stamp").boundingBox())!;
    const scale = (await page.locator("#page-canvas").boundingBox())!.width / A4.width;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 - 90, { steps: 6 });
    await page.mouse.up();
    const dragged = await stampPlacement(page);
    expect(dragged.page).toBe(1);
    expect(dragged.x).toBeCloseTo(start.x + 60 / scale, 0);
    expect(dragged.y).toBeCloseTo(start.y + 90 / scale, 0);
    // The keyboard moves it too: 5 pt per arrow key.
    await page.focus("#stamp");
    await page.keyboard.press("ArrowLeft");
    expect((await stampPlacement(page)).x).toBeCloseTo(dragged.x - 5, 1);
    const placed = await stampPlacement(page);

    await choose(window, VALID.certificateId, PIN);
    await page.press("input[name=pin]", "Enter");
    await expect.poll(() => window.received()).toHaveLength(1);
    const [decide] = await window.received();
    expect(decide).toEqual({
      type: "confirm.decide",
      certificateId: VALID.certificateId,
      pin: PIN,
      placements: [
        { index: 0, page: 1, x: placed.x, y: placed.y },
        { index: 1, page: 0, x: documents()[1]!.defaultPlacement!.x, y: documents()[1]!.defaultPlacement!.y },
      ],
    });
    // Not left behind in the window either.
    expect(await page.inputValue("input[name=pin]")).toBe("");
    expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain(PIN);
    expect(await page.isDisabled("button[name=confirm]")).toBe(true);
    await page.close();
  });

  it("keeps the window open after a wrong PIN, clears the PIN field, shows the tries left, and signs with the next PIN", async () => {
    const window = await openConfirmWindow(chromium());
    const { page } = window;
    await choose(window, VALID.certificateId, "000000");
    await page.click("button[name=confirm]");
    await expect.poll(() => window.received()).toHaveLength(1);
    await window.send({ type: "confirm.error", code: "PIN_INCORRECT", retriesLeft: 2 });
    await page.waitForSelector("#problem:not([hidden])");
    expect(await page.textContent("#problem-message")).toBe(en.error_PIN_INCORRECT?.message);
    expect(await page.textContent("#problem-retries")).toBe(fill(en, "confirm_retriesLeft", "2"));
    expect(await page.inputValue("input[name=pin]")).toBe("");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("pin");
    expect(await page.inputValue("select[name=certificate]")).toBe(VALID.certificateId);
    await page.screenshot({ path: join(artifactsDir, "confirm-window-pin-incorrect-en.png") });

    await page.keyboard.type(PIN);
    await page.keyboard.press("Enter");
    await expect.poll(() => window.received()).toHaveLength(2);
    const pins = (await window.received()).map((message) => (message.type === "confirm.decide" ? message.pin : undefined));
    expect(pins).toEqual(["000000", PIN]);

    // Batch progress per document, then a result with one failure: the window stays, with Close.
    await window.send({ type: "confirm.progress", done: 1, total: 2, stage: "timestamping", documentName: documents()[1]!.name });
    await page.waitForSelector("#progress:not([hidden])");
    expect(await page.textContent("#progress-text")).toBe(fill(en, "confirm_progress", "1", "2"));
    expect(await page.textContent("#progress-current")).toBe(`${documents()[1]!.name}: ${en.confirm_stage_timestamping?.message}`);
    expect(await page.locator("#document-rows td.status").allTextContents()).toEqual([en.confirm_statusFinished?.message, en.confirm_statusWorking?.message]);
    await window.send({ type: "confirm.done", results: [{ name: documents()[0]!.name, ok: true }, { name: documents()[1]!.name, ok: false, code: "TOKEN_REMOVED" }] });
    await page.waitForSelector("#result:not([hidden])");
    expect(await page.textContent("#result-summary")).toBe(fill(en, "confirm_resultSomeFailed", "1", "2"));
    expect(await page.locator("#result-list li").allTextContents()).toEqual([
      fill(en, "confirm_resultSigned", documents()[0]!.name),
      fill(en, "confirm_resultFailed", documents()[1]!.name, en.error_TOKEN_REMOVED!.message),
    ]);
    expect(await page.isVisible("button[name=close]")).toBe(true);
    await new Promise((done) => setTimeout(done, 5000));
    expect(page.isClosed()).toBe(false);
    await page.click("button[name=close]");
    await expect.poll(() => page.isClosed()).toBe(true);
  });

  it("ends on a locked PIN: the error in words, nothing left to confirm", async () => {
    const window = await openConfirmWindow(chromium());
    const { page } = window;
    await choose(window, VALID.certificateId, PIN);
    await page.click("button[name=confirm]");
    await expect.poll(() => window.received()).toHaveLength(1);
    await window.send({ type: "confirm.error", code: "PIN_LOCKED" });
    await page.waitForSelector("#problem:not([hidden])");
    expect(await page.textContent("#problem-message")).toBe(en.error_PIN_LOCKED?.message);
    expect(await page.isDisabled("button[name=confirm]")).toBe(true);
    expect(await page.isDisabled("input[name=pin]")).toBe(true);
    await page.close();
  });

  it("shows the code to compare on the phone for PKI SIM signing, and sends no PIN", async () => {
    const window = await openConfirmWindow(chromium(), requestOf({ pinMode: "phone", certificates: [VALID] }));
    const { page } = window;
    expect(await page.isVisible("input[name=pin]")).toBe(false);
    expect(await page.textContent("#phone-waiting")).toBe(en.confirm_phoneWaiting?.message);
    // The only usable certificate is chosen already.
    expect(await page.inputValue("select[name=certificate]")).toBe(VALID.certificateId);
    await page.click("button[name=confirm]");
    await expect.poll(() => window.received()).toHaveLength(1);
    expect((await window.received())[0]).not.toHaveProperty("pin");
    await window.send({ type: "confirm.approval", code: "4F2A", provider: "Viettel-CA" });
    await page.waitForSelector("#phone-approval:not([hidden])");
    expect(await page.textContent("#phone-code")).toBe("Confirm on your phone: code 4F2A");
    expect(await page.textContent("#phone-provider")).toContain("Viettel-CA");
    await page.screenshot({ path: join(artifactsDir, "confirm-window-phone-en.png") });
    await page.close();
  });

  it("asks for the token's PIN pad instead of a PIN field", async () => {
    const window = await openConfirmWindow(chromium(), requestOf({ pinMode: "pin-pad" }));
    expect(await window.page.isVisible("input[name=pin]")).toBe(false);
    expect(await window.page.textContent("#pin-pad")).toBe(en.confirm_pinPad?.message);
    await window.page.close();
  });

  it("sends cancel when the person presses Cancel, and closes", async () => {
    const window = await openConfirmWindow(chromium());
    await window.page.click("button[name=cancel]");
    await expect.poll(() => window.received()).toEqual([{ type: "confirm.cancel" }]);
    await expect.poll(() => window.page.isClosed()).toBe(true);
  });

  it("sends cancel when the window is closed, also in the middle of signing", async () => {
    const idle = await openConfirmWindow(chromium());
    await idle.page.close();
    await expect.poll(() => idle.received()).toEqual([{ type: "confirm.cancel" }]);
    expect(await idle.disconnected()).toBe(true);

    const signing = await openConfirmWindow(chromium());
    await choose(signing, VALID.certificateId, PIN);
    await signing.page.click("button[name=confirm]");
    await expect.poll(() => signing.received()).toHaveLength(1);
    await signing.page.close();
    await expect.poll(async () => (await signing.received()).map((message) => message.type)).toEqual(["confirm.decide", "confirm.cancel"]);
  });

  it("closes itself a few seconds after every document is signed", async () => {
    const window = await openConfirmWindow(chromium());
    await choose(window, VALID.certificateId, PIN);
    await window.page.click("button[name=confirm]");
    await expect.poll(() => window.received()).toHaveLength(1);
    await window.send({ type: "confirm.done", results: documents().map((document) => ({ name: document.name, ok: true })) });
    await window.page.waitForSelector("#result:not([hidden])");
    expect(await window.page.textContent("#result-summary")).toBe(fill(en, "confirm_resultAllSigned", "2"));
    expect(await window.page.isVisible("#result-closing")).toBe(true);
    await window.page.waitForEvent("close", { timeout: 10_000 });
    // Nothing to cancel once signed.
    expect(await window.received()).toHaveLength(1);
  });

  it("refuses to show anything when opened without a valid confirmation id", async () => {
    const page = await chromium().context.newPage();
    await page.goto(`chrome-extension://${chromium().extensionId}/ui/confirm/confirm.html?id=../../x`);
    await page.waitForSelector("#fatal:not([hidden])");
    expect(await page.textContent("#fatal-message")).toBe(en.confirm_badLink?.message);
    expect(await page.isVisible("#confirmation")).toBe(false);
    await page.close();
  });

  it("saves a screenshot of the window, ready to sign, in English", async () => {
    const window = await openConfirmWindow(chromium());
    await choose(window, VALID.certificateId, PIN);
    await window.page.screenshot({ path: join(artifactsDir, "confirm-window-en.png") });
    await window.page.close();
  });
});

describe("confirmation window in the default language (Vietnamese)", () => {
  const chromium = chromiumForSuite("vi");

  it("speaks Vietnamese: title, profile, buttons, certificate marks, and saves a screenshot", async () => {
    const vi = await readMessages("vi");
    const window = await openConfirmWindow(chromium(), requestOf({ profile: "issuing" }));
    const { page } = window;
    expect(await page.textContent("h1")).toBe("Xác nhận ký số");
    expect(await page.textContent("#profile-name")).toBe("Ký ban hành (đóng dấu)");
    expect(await page.textContent("button[name=confirm]")).toBe(vi.confirm_confirmButton?.message);
    expect(await page.textContent("button[name=cancel]")).toBe("Hủy");
    const expired = await page.textContent(`select[name=certificate] option[value="${EXPIRED.certificateId}"]`);
    expect(expired).toContain("ĐÃ HẾT HẠN");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("vi");
    await choose(window, VALID.certificateId, PIN);
    await page.screenshot({ path: join(artifactsDir, "confirm-window-vi.png") });

    await page.click("button[name=confirm]");
    await window.send({ type: "confirm.error", code: "PIN_INCORRECT", retriesLeft: 1 });
    await page.waitForSelector("#problem:not([hidden])");
    expect(await page.textContent("#problem-message")).toBe(vi.error_PIN_INCORRECT?.message);
    expect(await page.textContent("#problem-retries")).toBe(fill(vi, "confirm_retriesLeft", "1"));
    await page.screenshot({ path: join(artifactsDir, "confirm-window-pin-incorrect-vi.png") });
    await page.close();
  });
});
