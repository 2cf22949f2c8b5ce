import { existsSync } from "node:fs";
import { chromium, type BrowserContext, type Worker } from "playwright-core";
import type { DemoLanguage } from "./demo-options.js";

/**
 * The system Chromium (never a downloaded one) with kyso's built extension, on a private
 * profile under the demo's state directory: headed when there is a display, headless
 * otherwise.
 */
export const CHROMIUM_EXECUTABLE = "/usr/bin/chromium";
const SERVICE_WORKER_TIMEOUT_MS = 15_000;

/** Chromium's names for its UI locales (the stems of /usr/lib/chromium/locales/*.pak). */
const CHROMIUM_LOCALE: Record<DemoLanguage, string> = { vi: "vi", en: "en-US" };

export interface DemoBrowser {
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  /** The UI language Chromium actually runs in: it ignores --lang for a locale it lacks (Debian: chromium-l10n). */
  uiLanguage: string;
  close(): Promise<void>;
}

export interface DemoBrowserOptions {
  extensionDir: string;
  profileDir: string;
  headless: boolean;
  language: DemoLanguage;
  /** Environment of Chromium, which the native host it starts inherits (state dir, SOFTHSM2_CONF). */
  env: Record<string, string>;
  /** base64 SHA-256 of the portal's TLS public key: Chromium accepts that certificate and no other. */
  portalSpkiSha256: string;
}

export const chromiumAvailable = () => existsSync(CHROMIUM_EXECUTABLE);

export async function launchDemoBrowser(options: DemoBrowserOptions): Promise<DemoBrowser> {
  const context = await chromium.launchPersistentContext(options.profileDir, {
    executablePath: CHROMIUM_EXECUTABLE,
    headless: options.headless,
    viewport: { width: 1200, height: 860 },
    locale: CHROMIUM_LOCALE[options.language],
    // On Linux Chromium reads its UI language from LANGUAGE as well as from --lang.
    env: { ...(process.env as Record<string, string>), ...options.env, LANGUAGE: CHROMIUM_LOCALE[options.language] },
    args: [
      ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
      "--disable-gpu",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--lang=${CHROMIUM_LOCALE[options.language]}`,
      `--disable-extensions-except=${options.extensionDir}`,
      `--load-extension=${options.extensionDir}`,
      `--ignore-certificate-errors-spki-list=${options.portalSpkiSha256}`,
    ],
  });
  try {
    const isExtensionWorker = (worker: Worker) => worker.url().startsWith("chrome-extension://");
    const serviceWorker = context.serviceWorkers().find(isExtensionWorker)
      ?? (await context.waitForEvent("serviceworker", { predicate: isExtensionWorker, timeout: SERVICE_WORKER_TIMEOUT_MS }));
    type I18nGlobal = { chrome: { i18n: { getUILanguage(): string } } };
    const uiLanguage = await serviceWorker.evaluate(() => (globalThis as unknown as I18nGlobal).chrome.i18n.getUILanguage());
    return { context, serviceWorker, extensionId: new URL(serviceWorker.url()).host, uiLanguage, close: () => context.close() };
  } catch (error) {
    await context.close();
    throw error;
  }
}
