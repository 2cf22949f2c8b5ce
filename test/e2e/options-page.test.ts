/**
 * The options page in the real Chromium: a person's choices persist in storage.local across a
 * reload, invalid values are refused with the schema's message, and once IT's policy sets a
 * setting the page shows it read-only with the "managed by your organisation" notice, live.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { launchChromiumWithExtension, type LaunchedChromium } from "./chromium-launcher.js";
import { holdManagedPolicyDir, type HeldPolicyDir } from "./managed-policy-dir.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const LIVE_POLICY_TIMEOUT_MS = 30_000;
let chromium: LaunchedChromium | undefined;
let policyDir: HeldPolicyDir | undefined;
let page: Page;

type LocalStorage = { chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } } };

beforeAll(async () => {
  policyDir = await holdManagedPolicyDir();
  chromium = await launchChromiumWithExtension({ extensionDir: join(root, "dist/chrome"), locale: "en" });
  page = await chromium.context.newPage();
  await page.goto(`chrome-extension://${chromium.extensionId}/ui/options/options.html`);
  await page.waitForSelector("body[data-ready=true]");
}, 240_000);

afterAll(async () => {
  await chromium?.close();
  await policyDir?.release();
});

describe("options page", () => {
  it("keeps a person's choices across a reload, in storage.local", async () => {
    await page.selectOption('select[name="signing.level"]', "B-LTA");
    await page.fill('input[name="signing.tsaUrl"]', "http://tsa.example.vn/tsa");
    await page.selectOption('select[name="ui.language"]', "en");
    await page.fill('textarea[name="portals"]', "https://vanban.example.gov.vn Quản lý văn bản");
    await page.click('button[name="save"]');
    await expect.poll(() => page.textContent("#status")).toBe("Saved.");
    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    await expect.poll(() => page.inputValue('select[name="signing.level"]')).toBe("B-LTA");
    expect(await page.inputValue('input[name="signing.tsaUrl"]')).toBe("http://tsa.example.vn/tsa");
    expect(await page.inputValue('textarea[name="portals"]')).toBe("https://vanban.example.gov.vn Quản lý văn bản");
    const stored = await chromium!.serviceWorker.evaluate(() => (globalThis as unknown as LocalStorage).chrome.storage.local.get("options"));
    expect(stored.options).toMatchObject({ signing: { level: "B-LTA", tsaUrl: "http://tsa.example.vn/tsa" }, portals: [{ origin: "https://vanban.example.gov.vn", name: "Quản lý văn bản" }] });
  });

  it("refuses an invalid value with the schema's message and keeps what was saved", async () => {
    await page.fill('input[name="signing.tsaUrl"]', "ftp://tsa.example.vn");
    await page.click('button[name="save"]');
    await expect.poll(() => page.textContent("#problems")).toContain("signing.tsaUrl: has the wrong format");
    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    await expect.poll(() => page.inputValue('input[name="signing.tsaUrl"]')).toBe("http://tsa.example.vn/tsa");
  });

  it("shows what IT's policy sets read-only, with the notice, as soon as the policy arrives", async () => {
    await policyDir!.writeKysoPolicy("kyso-e2e-options", { portals: [{ origin: "https://motcua.gialai.gov.vn", name: "Một cửa" }], signing: { level: "B-LT" } });
    await expect.poll(() => page.isDisabled('textarea[name="portals"]'), { timeout: LIVE_POLICY_TIMEOUT_MS, interval: 500 }).toBe(true);
    expect(await page.inputValue('textarea[name="portals"]')).toBe("https://motcua.gialai.gov.vn Một cửa");
    expect(await page.isVisible("#managed-notice")).toBe(true);
    expect(await page.textContent('[data-managed-for="portals"]')).toBe("Managed by your organisation");
    expect(await page.isDisabled('select[name="signing.level"]')).toBe(true);
    expect(await page.inputValue('select[name="signing.level"]')).toBe("B-LT");
    // What the policy leaves unset stays the person's choice.
    expect(await page.isDisabled('input[name="signing.tsaUrl"]')).toBe(false);
    expect(await page.inputValue('input[name="signing.tsaUrl"]')).toBe("http://tsa.example.vn/tsa");
  }, LIVE_POLICY_TIMEOUT_MS + 10_000);
});
