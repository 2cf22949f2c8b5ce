import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { sealImagePng } from "../shared/appearance/fixtures/sample-images.js";
import type { DemoBrowser } from "./demo-chromium.js";
import type { DemoToken } from "./demo-token.js";
import type { KysoRunner } from "./kyso-runner.js";

/**
 * What an unmanaged machine's user (or IT, by policy) sets up before signing on a portal:
 * the native host registered for the browser profile (`kyso install --scope user --browser
 * chromium --user-data-dir DIR`, as IT's docs say), and the extension's options — the demo
 * portal allowed, the token's PKCS#11 module, the TSA, the organisation and its seal.
 */
export async function registerNativeHost(options: { kyso: KysoRunner; profileDir: string; dataDir: string }): Promise<void> {
  const installed = await options.kyso(["install", "--scope", "user", "--browser", "chromium", "--user-data-dir", options.profileDir], { env: { XDG_DATA_HOME: options.dataDir } });
  if (installed.code !== 0) throw new Error(`kyso install: ${installed.stderr.trim()}`);
}

/** The built extension carries the page API only once extension/page/kyso-page-api.entry.ts exists. */
export const pageApiBuilt = (root: string) => existsSync(join(root, "dist/chrome/page/kyso-page-api.js"));

export async function configureExtension(browser: DemoBrowser, setup: { portalUrl: string; token: DemoToken; tsaUrl: string; organisation: string; rootCaPemFile: string }): Promise<void> {
  const options = {
    portals: [{ origin: setup.portalUrl, name: "Cổng thử nghiệm kyso — UBND tỉnh Gia Lai", legacyApi: true }],
    signing: { level: "B-T", tsaUrl: setup.tsaUrl },
    keys: { pkcs11ModulesLinux: setup.token.modulePath ? [setup.token.modulePath] : [] },
    appearance: { organisation: setup.organisation, sealImagePng: Buffer.from(sealImagePng()).toString("base64") },
    trust: { anchorsPem: [await readFile(setup.rootCaPemFile, "utf8")] },
  };
  // Where the options page keeps an unmanaged machine's choices (extension/background/policy-settings.ts).
  type LocalStorage = { chrome: { storage: { local: { set(items: object): Promise<void> } } } };
  await browser.serviceWorker.evaluate((value) => (globalThis as unknown as LocalStorage).chrome.storage.local.set({ options: value }), options);
}
