/**
 * IT's policy reaches the extension: a managed policy file in /etc/chromium/policies/managed/
 * (what a Linux rollout installs) is accepted by Chromium against the schema generated from
 * shared/policy, shows up in chrome.storage.managed, and validates without problems in kyso.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateSettings } from "../../shared/policy/validate-settings.js";
import { launchChromiumWithExtension, type LaunchedChromium } from "./chromium-launcher.js";
import { holdManagedPolicyDir, type HeldPolicyDir } from "./managed-policy-dir.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const LIVE_CHANGE_TIMEOUT_MS = 30_000;

const itPolicy = {
  portals: [{ origin: "https://vanban.gialai.gov.vn", name: "Quản lý văn bản tỉnh Gia Lai", legacyApi: true, pdfSelectors: ["a.file-pdf"] }],
  signing: { level: "B-LT", tsaUrl: "http://tsa.example.vn/tsa" },
  appearance: { organisation: "UBND tỉnh Gia Lai", infoFontSizePt: 11 },
  mail: { smtp: { host: "mail.gialai.gov.vn", port: 587 } },
};

let policyDir: HeldPolicyDir | undefined;
const writePolicy = (settings: unknown) => policyDir!.writeKysoPolicy("kyso-e2e", settings);

type ManagedStorage = { chrome: { storage: { managed: { get(): Promise<Record<string, unknown>> } } } };
let chromium: LaunchedChromium | undefined;
const managed = () => chromium!.serviceWorker.evaluate(() => (globalThis as unknown as ManagedStorage).chrome.storage.managed.get());

beforeAll(async () => {
  policyDir = await holdManagedPolicyDir();
  await writePolicy(itPolicy);
  chromium = await launchChromiumWithExtension({ extensionDir: join(root, "dist/chrome") });
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  await policyDir?.release();
});

describe("managed policy (Linux JSON) → chrome.storage.managed", () => {
  it("delivers IT's settings to the extension through the generated schema, and kyso finds nothing wrong with them", async () => {
    const delivered = await managed();
    expect(delivered).toMatchObject(itPolicy);
    const { settings, problems } = validateSettings(delivered);
    expect(problems).toEqual([]);
    expect(settings.portals[0]?.legacyApi).toBe(true);
    expect(settings.signing.hash).toBe("SHA-256");
  });

  it("applies a changed policy file while the browser runs, without a restart", async () => {
    await writePolicy({ ...itPolicy, signing: { level: "B-LTA", tsaUrl: "http://tsa.example.vn/tsa" } });
    const deadline = Date.now() + LIVE_CHANGE_TIMEOUT_MS;
    let level: unknown;
    while (Date.now() < deadline) {
      level = ((await managed()).signing as { level?: unknown } | undefined)?.level;
      if (level === "B-LTA") break;
      await new Promise((done) => setTimeout(done, 500));
    }
    expect(level).toBe("B-LTA");
  }, LIVE_CHANGE_TIMEOUT_MS + 10_000);
});
