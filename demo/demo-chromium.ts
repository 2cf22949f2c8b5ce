import { existsSync } from "node:fs";
import { chromium, type BrowserContext, type Worker } from "playwright-core";

/**
 * The system Chromium (never a downloaded one) with kyso's built extension, on a private
 * profile under the demo's state directory: headed when there is a display, headless
 * otherwise.
 */
export const CHROMIUM_EXECUTABLE = "/usr/bin/chromium";
const SERVICE_WORKER_TIMEOUT_MS = 15_000;

export interface DemoBrowser {
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  close(): Promise<void>;
}

export interface DemoBrowserOptions {
  extensionDir: string;
  profileDir: string;
  headless: boolean;
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
    env: { ...(process.env as Record<string, string>), ...options.env },
    args: [
      ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
      "--disable-gpu",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--disable-extensions-except=${options.extensionDir}`,
      `--load-extension=${options.extensionDir}`,
      `--ignore-certificate-errors-spki-list=${options.portalSpkiSha256}`,
    ],
  });
  try {
    const isExtensionWorker = (worker: Worker) => worker.url().startsWith("chrome-extension://");
    const serviceWorker = context.serviceWorkers().find(isExtensionWorker)
      ?? (await context.waitForEvent("serviceworker", { predicate: isExtensionWorker, timeout: SERVICE_WORKER_TIMEOUT_MS }));
    return { context, serviceWorker, extensionId: new URL(serviceWorker.url()).host, close: () => context.close() };
  } catch (error) {
    await context.close();
    throw error;
  }
}
