/**
 * The built extension (dist/) loads in the system Chromium and its popup speaks the user's
 * language; the Firefox build and the locale files are checked without a browser.
 */
import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_EXTENSION_ID, FIREFOX_EXTENSION_ID } from "../../shared/extension-identity.js";
import { ERROR_CODES } from "../../shared/protocol/error-codes.js";
import { launchChromiumWithExtension, type LaunchedChromium, type LaunchOptions } from "./chromium-launcher.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const chromeDir = join(root, "dist/chrome");
const artifactsDir = join(root, "test-artifacts");
const LANGUAGES = ["vi", "en"] as const;

type Json = Record<string, unknown>;
type Messages = Record<string, { message?: unknown } | undefined>;
const readJson = async <T = Json>(file: string) => JSON.parse(await readFile(file, "utf8")) as T;
const readMessages = (dir: string, language: string) => readJson<Messages>(join(dir, "_locales", language, "messages.json"));

// The artefact users install: the global set-up builds dist/ once from this checkout.

/** Chromium's extension ID: SHA-256 of the DER public key, first 32 hex digits as a-p. */
function extensionIdFromKey(base64Key: string): string {
  const hex = createHash("sha256").update(Buffer.from(base64Key, "base64")).digest("hex").slice(0, 32);
  return hex.replace(/[0-9a-f]/g, (digit) => String.fromCharCode("a".charCodeAt(0) + parseInt(digit, 16)));
}

/** Launches Chromium for the enclosing describe block and closes it after, even if a test failed. */
function chromiumForSuite(options: () => LaunchOptions): () => LaunchedChromium {
  let launched: LaunchedChromium | undefined;
  beforeAll(async () => {
    launched = await launchChromiumWithExtension(options());
  });
  afterAll(async () => launched?.close());
  return () => {
    if (!launched) throw new Error("Chromium did not start (see the beforeAll error)");
    return launched;
  };
}

/** The extension's real toolbar popup, seen through a raw DevTools session. */
interface ActionPopup {
  evaluate<T>(expression: string): Promise<T>;
  screenshot(file: string): Promise<void>;
}

/**
 * Opens the toolbar popup with chrome.action.openPopup(), the window users see. Playwright does
 * not attach to popup targets, so this attaches over CDP; the non-flat session (messages
 * wrapped in Target.sendMessageToTarget) is the one Playwright's CDPSession can carry.
 */
async function openActionPopup(chromium: LaunchedChromium): Promise<ActionPopup> {
  const browser = chromium.context.browser();
  if (!browser) throw new Error("Playwright gave no Browser for the persistent context");
  const cdp = await browser.newBrowserCDPSession();
  type ChromeAction = { chrome: { action: { openPopup(): Promise<void> } } };
  await chromium.serviceWorker.evaluate(() => (globalThis as unknown as ChromeAction).chrome.action.openPopup());
  const popupUrl = `chrome-extension://${chromium.extensionId}/popup/popup.html`;
  const findPopup = async () => (await cdp.send("Target.getTargets")).targetInfos.find((target) => target.url === popupUrl);
  await expect.poll(findPopup, { timeout: 10_000 }).toBeDefined();
  const { sessionId } = await cdp.send("Target.attachToTarget", { targetId: (await findPopup())!.targetId, flatten: false });

  type Reply = { id: number; result?: Record<string, unknown>; error?: { message: string } };
  const waiting = new Map<number, (reply: Reply) => void>();
  cdp.on("Target.receivedMessageFromTarget", (event) => {
    const reply = JSON.parse(event.message) as Partial<Reply>;
    if (event.sessionId === sessionId && reply.id !== undefined) waiting.get(reply.id)?.(reply as Reply);
  });
  let lastId = 0;
  async function send(method: string, params: object): Promise<Record<string, unknown>> {
    const id = ++lastId;
    const reply = new Promise<Reply>((resolve) => waiting.set(id, resolve));
    await cdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id, method, params }) });
    const { result, error } = await reply;
    if (error || !result) throw new Error(`${method} in the popup failed: ${error?.message ?? "no result"}`);
    return result;
  }
  return {
    async evaluate<T>(expression: string) {
      const { result } = (await send("Runtime.evaluate", { expression, returnByValue: true })) as { result: { value: T } };
      return result.value;
    },
    async screenshot(file: string) {
      const { data } = (await send("Page.captureScreenshot", { format: "png" })) as { data: string };
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, Buffer.from(data, "base64"));
    },
  };
}

/** Opens the popup and waits until it has asked the background about the (absent) sidecar. */
async function popupWithMissingSidecar(chromium: LaunchedChromium): Promise<ActionPopup> {
  const popup = await openActionPopup(chromium);
  const state = () => popup.evaluate<string>("document.getElementById('sidecar-status')?.dataset.state ?? ''");
  await expect.poll(state, { timeout: 10_000 }).toBe("unavailable");
  return popup;
}

const popupText = (popup: ActionPopup, selector: string) => popup.evaluate<string>(`document.querySelector(${JSON.stringify(selector)}).textContent`);

describe("Chromium extension in an English browser", () => {
  const chromium = chromiumForSuite(() => ({ extensionDir: chromeDir, locale: "en" }));

  it("loads the built Chromium extension with the fixed ID named in shared/extension-identity", () => {
    const workerUrl = chromium().serviceWorker.url();
    expect(new URL(workerUrl).host).toBe(CHROMIUM_EXTENSION_ID);
    expect(workerUrl).toBe(`chrome-extension://${CHROMIUM_EXTENSION_ID}/background.js`);
  });

  it("shows the popup in English, saying how to install the sidecar when it is missing", async () => {
    const popup = await popupWithMissingSidecar(chromium());
    const en = await readMessages(chromeDir, "en");
    expect(await popupText(popup, "h1")).toBe(en.popup_heading?.message);
    const status = await popupText(popup, "#sidecar-status");
    expect(status).toBe(en.popup_sidecarMissing?.message);
    expect(status).toContain("Cannot reach the kyso program");
    expect(status).toContain("npx kyso install");
    await popup.screenshot(join(artifactsDir, "popup-en.png"));
  });

  it("answers the extension's own pages also when they are opened in a tab", async () => {
    const page = await chromium().context.newPage();
    try {
      await page.goto(`chrome-extension://${CHROMIUM_EXTENSION_ID}/popup/popup.html`);
      await page.waitForSelector("#sidecar-status[data-state=unavailable]", { timeout: 10_000 });
      expect(await page.textContent("#sidecar-status")).toContain("npx kyso install");
    } finally {
      await page.close();
    }
  });
});

/**
 * "By default" is the manifest's default_locale, used for any browser language the extension
 * has no messages for. Chromium here can only run in en-US (Debian's `chromium` ships just
 * en-US.pak), so the profile-free way to reach the default is a copy of the build without
 * its `en` messages; the manifest key keeps the extension ID unchanged.
 */
describe("Chromium extension in a browser language without its own messages", () => {
  let extensionDir = "";
  beforeAll(async () => {
    extensionDir = await mkdtemp(join(tmpdir(), "kyso-extension-vi-"));
    await cp(chromeDir, extensionDir, { recursive: true });
    await rm(join(extensionDir, "_locales/en"), { recursive: true });
  });
  // Registered after the copy so that it launches after it and (hooks unwind as a stack) closes before its removal.
  const chromium = chromiumForSuite(() => ({ extensionDir }));
  afterAll(async () => {
    if (extensionDir) await rm(extensionDir, { recursive: true, force: true });
  });

  it("shows the popup in Vietnamese by default, saying how to install the sidecar when it is missing", async () => {
    expect((await readJson(join(chromeDir, "manifest.json"))).default_locale).toBe("vi");
    expect(chromium().extensionId).toBe(CHROMIUM_EXTENSION_ID);
    const popup = await popupWithMissingSidecar(chromium());
    const vi = await readMessages(chromeDir, "vi");
    expect(await popupText(popup, "h1")).toBe(vi.popup_heading?.message);
    const status = await popupText(popup, "#sidecar-status");
    expect(status).toBe(vi.popup_sidecarMissing?.message);
    expect(status).toContain("Chưa kết nối được với phần mềm kyso trên máy");
    expect(status).toContain("npx kyso install");
    await popup.screenshot(join(artifactsDir, "popup-vi.png"));
  });
});

describe("built manifests and messages", () => {
  it("derives that ID from the manifest key", async () => {
    const manifest = await readJson<{ key: string }>(join(root, "manifest.json"));
    expect(extensionIdFromKey(manifest.key)).toBe(CHROMIUM_EXTENSION_ID);
  });

  it("builds a Firefox manifest with background.scripts, the gecko id and no Chromium-only keys", async () => {
    const firefox = await readJson(join(root, "dist/firefox/manifest.json"));
    expect(firefox.background).toEqual({ scripts: ["background.js"] });
    expect(firefox).toHaveProperty("browser_specific_settings.gecko.id", FIREFOX_EXTENSION_ID);
    expect(firefox).not.toHaveProperty("key");
    expect(firefox).not.toHaveProperty("minimum_chrome_version");

    const chrome = await readJson(join(chromeDir, "manifest.json"));
    expect(chrome.background).toEqual({ service_worker: "background.js" });
    expect(chrome).toHaveProperty("key");
    expect(chrome).not.toHaveProperty("browser_specific_settings");
  });

  it("ships every locale message the extension uses in both vi and en", async () => {
    const used = await usedMessageNames();
    // Guards the scan itself: a regex that stops matching would make this test pass vacuously.
    expect(used).toEqual(expect.arrayContaining(["extensionName", "popup_heading", "popup_sidecarChecking"]));
    for (const target of ["chrome", "firefox"]) {
      for (const language of LANGUAGES) {
        const messages = await readMessages(join(root, "dist", target), language);
        const missing = used.filter((name) => typeof messages[name]?.message !== "string");
        expect(missing, `dist/${target}/_locales/${language}`).toEqual([]);
      }
    }
  });
});

/** Message names in the built manifests, the extension's HTML and getMessage calls, plus error_<CODE>. */
async function usedMessageNames(): Promise<string[]> {
  const names = new Set<string>(ERROR_CODES.map((code) => `error_${code}`));
  const collect = (text: string, pattern: RegExp) => {
    for (const match of text.matchAll(pattern)) if (match[1] && !match[1].startsWith("@@")) names.add(match[1]);
  };
  for (const target of ["chrome", "firefox"]) collect(await readFile(join(root, "dist", target, "manifest.json"), "utf8"), /__MSG_(\w+)__/g);
  const sources = (await readdir(join(root, "extension"), { recursive: true })).filter((file) => /\.(ts|html)$/.test(file));
  for (const file of sources) {
    const text = await readFile(join(root, "extension", file), "utf8");
    collect(text, /data-i18n=["']([\w@]+)["']/g);
    collect(text, /getMessage\(\s*["']([\w@]+)["']/g);
  }
  return [...names].sort();
}
