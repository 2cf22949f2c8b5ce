/**
 * What the confirmation window suites (confirm-window-*.test.ts) share: the window (ARCHITECTURE.md
 * security rules 1, 2, 4), built as users install it and opened in the system Chromium, with a
 * stand-in background that speaks contract §2 over the real runtime port
 * (fixtures/confirm-window/stand-in-background.ts, bundled into a copy of dist/chrome in place
 * of background.js); the window under test is unchanged. Plus the request the stand-in sends
 * (two documents, three certificates: valid, expiring, expired), the messages of a language
 * as chrome.i18n fills them, and the steps the suites take in the window.
 */
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { PDFDocument, rgb, StandardFonts } from "pdf-lib";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { defaultDisplayedRect, defaultPageIndex, type VisibleProfile } from "../../shared/appearance/default-placement.js";
import type { ConfirmDocument, ConfirmRequest, ConfirmRequestBody, FromConfirmWindow, ToConfirmWindow } from "../../shared/protocol/confirmation.js";
import type { CertificateEntry } from "../../shared/protocol/methods/keys.js";
import { launchChromiumWithExtension, type LaunchedChromium } from "./chromium-launcher.js";
import type { StandInBackground } from "./fixtures/confirm-window/stand-in-background.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const chromeDir = join(root, "dist/chrome");
export const artifactsDir = join(root, "test-artifacts");
export const A4 = { width: 595, height: 842 };
export const PIN = "246813";

export type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> } | undefined>;
export const readMessages = async (language: "vi" | "en") => JSON.parse(await readFile(join(chromeDir, "_locales", language, "messages.json"), "utf8")) as Messages;
/** A message as chrome.i18n fills it: placeholders named $NAME$ in order of their $1, $2. */
export function fill(messages: Messages, key: string, ...substitutions: string[]): string {
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
export const VALID = certificate(1, "Nguyễn Văn An", isoIn(400));
export const EXPIRING = certificate(2, "Trần Thị Bình", isoIn(12.5));
export const EXPIRED = certificate(3, "Lê Văn Cường", isoIn(-3));

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
export const documents = () => placedFor("approval");

export const requestOf = (overrides: Partial<ConfirmRequestBody> & { profile?: VisibleProfile } = {}): ConfirmRequest => ({
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
export interface ConfirmWindow {
  page: Page;
  send(message: ToConfirmWindow): Promise<void>;
  received(): Promise<FromConfirmWindow[]>;
  disconnected(): Promise<boolean>;
}

/** Errors and warnings each window logged (a CSP violation is one), kept per page. */
const logged = new WeakMap<Page, string[]>();
export const consoleProblems = (page: Page) => logged.get(page) ?? [];

let windowCount = 0;
export async function openConfirmWindow(chromium: LaunchedChromium, request: ConfirmRequest = requestOf()): Promise<ConfirmWindow> {
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
export const inkedPixels = (page: Page) =>
  page.evaluate(() => {
    const canvas = document.getElementById("page-canvas") as HTMLCanvasElement;
    const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 200 || data[i + 1]! < 200 || data[i + 2]! < 200) inked++;
    return inked;
  });

export const stampPlacement = async (page: Page) => {
  const stamp = page.locator("#stamp");
  return { page: Number(await stamp.getAttribute("data-page")), x: Number(await stamp.getAttribute("data-x")), y: Number(await stamp.getAttribute("data-y")) };
};

export async function choose(window: ConfirmWindow, certificateId: string, pin?: string): Promise<void> {
  await window.page.selectOption("select[name=certificate]", certificateId);
  if (pin !== undefined) await window.page.fill("input[name=pin]", pin);
}

/** Chooses the valid certificate, types the PIN, presses Sign and waits until the stand-in has the decision. */
export async function decide(window: ConfirmWindow, pin = PIN): Promise<void> {
  const before = (await window.received()).length;
  await choose(window, VALID.certificateId, pin);
  await window.page.click("button[name=confirm]");
  await expect.poll(() => window.received()).toHaveLength(before + 1);
}

/** The messages of `language`, read once for the suite that calls this. */
export function messagesForSuite(language: "vi" | "en"): () => Messages {
  let messages: Messages = {};
  beforeAll(async () => {
    messages = await readMessages(language);
  });
  return () => messages;
}

/** Chromium with the stand-in extension for the suite that calls this (beforeAll/afterAll). */
export function chromiumForSuite(language: "vi" | "en"): () => LaunchedChromium {
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
