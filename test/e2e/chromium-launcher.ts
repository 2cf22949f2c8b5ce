/**
 * Starts the system Chromium with one unpacked extension loaded, headless, for e2e tests.
 * Playwright never downloads a browser here: Debian's /usr/bin/chromium is the one we test.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Worker } from "playwright-core";

export const CHROMIUM_EXECUTABLE = "/usr/bin/chromium";
const SERVICE_WORKER_TIMEOUT_MS = 10_000;

export interface LaunchOptions {
  /** Directory holding the built manifest.json (e.g. dist/chrome). */
  extensionDir: string;
  /** UI language of the browser, which chrome.i18n follows. Defaults to the browser's own. */
  locale?: "vi" | "en";
  /** Profile directory; a fresh temporary one (deleted on close) when omitted. */
  userDataDir?: string;
  /** More command-line switches (e.g. --ignore-certificate-errors-spki-list for a loopback HTTPS portal). */
  extraArgs?: string[];
}

export interface LaunchedChromium {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  userDataDir: string;
  close(): Promise<void>;
}

/** Chromium's own UI locale names (the stems of its locales/*.pak files). */
const CHROMIUM_LANG = { vi: "vi", en: "en-US" } as const;

function chromiumArgs(options: LaunchOptions): string[] {
  const args = [
    "--no-sandbox", // running as root in a container
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    // No internet here: keep Chromium from trying (and from slowing start-up while it does).
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    `--disable-extensions-except=${options.extensionDir}`,
    `--load-extension=${options.extensionDir}`,
  ];
  if (options.locale) args.push(`--lang=${CHROMIUM_LANG[options.locale]}`);
  args.push(...(options.extraArgs ?? []));
  return args;
}

/** The extension's service worker, whether it started before or after we looked. */
async function extensionServiceWorker(context: BrowserContext): Promise<Worker> {
  const isExtensionWorker = (worker: Worker) => worker.url().startsWith("chrome-extension://");
  const existing = context.serviceWorkers().find(isExtensionWorker);
  if (existing) return existing;
  try {
    return await context.waitForEvent("serviceworker", { predicate: isExtensionWorker, timeout: SERVICE_WORKER_TIMEOUT_MS });
  } catch (error) {
    throw new Error(
      `The extension's service worker did not start within ${SERVICE_WORKER_TIMEOUT_MS / 1000} s: ` +
        "is the extension built, and does its manifest load (check background.service_worker)?",
      { cause: error },
    );
  }
}

/**
 * chrome.i18n follows Chromium's UI language, and Chromium silently ignores `--lang` for a
 * language whose locales/<lang>.pak is not installed (Debian ships only en-US.pak in
 * `chromium`; the others are in `chromium-l10n`). Fail loudly rather than test the wrong language.
 */
async function assertUiLanguage(serviceWorker: Worker, locale: "vi" | "en"): Promise<void> {
  type I18nGlobal = { chrome: { i18n: { getUILanguage(): string } } };
  const uiLanguage = await serviceWorker.evaluate(() => (globalThis as unknown as I18nGlobal).chrome.i18n.getUILanguage());
  if (uiLanguage.split("-")[0] !== locale) {
    throw new Error(
      `Chromium runs in ${uiLanguage}, not ${locale}: ${CHROMIUM_EXECUTABLE} has no ${CHROMIUM_LANG[locale]}.pak ` +
        "locale (on Debian: apt-get install chromium-l10n).",
    );
  }
}

export async function launchChromiumWithExtension(options: LaunchOptions): Promise<LaunchedChromium> {
  const ownsProfile = options.userDataDir === undefined;
  const userDataDir = options.userDataDir ?? (await mkdtemp(join(tmpdir(), "kyso-chromium-")));
  const removeProfile = async () => {
    if (ownsProfile) await rm(userDataDir, { recursive: true, force: true });
  };
  const language = options.locale ? CHROMIUM_LANG[options.locale] : undefined;
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_EXECUTABLE,
      headless: true,
      args: chromiumArgs(options),
      // On Linux Chromium also reads the UI language from the environment.
      ...(language ? { env: { ...process.env, LANGUAGE: language }, locale: language } : {}),
    });
    const serviceWorker = await extensionServiceWorker(context);
    if (options.locale) await assertUiLanguage(serviceWorker, options.locale);
    const extensionId = new URL(serviceWorker.url()).host;
    const launched = context;
    return {
      context,
      extensionId,
      serviceWorker,
      userDataDir,
      async close() {
        await launched.close();
        await removeProfile();
      },
    };
  } catch (error) {
    await context?.close();
    await removeProfile();
    throw error;
  }
}
