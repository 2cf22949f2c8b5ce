import browser from "webextension-polyfill";
import type { KysoSettings } from "../../shared/policy/settings.js";

/**
 * The scripts kyso puts into portal pages, registered for the policy's allowed origins only
 * (a page elsewhere gets no window.kyso, no buttons, no listener). Registered at run time
 * because the list comes from policy; the manifest declares none.
 */
const CONTENT_SCRIPT = { id: "kyso-content", file: "content/kyso-content.js" };
const PAGE_API_SCRIPT = { id: "kyso-page-api", file: "page/kyso-page-api.js" };
/** Written by the legacy-portal area (extension/page/legacy-vgca.entry.ts); only where policy says legacyApi. */
const LEGACY_SCRIPT = { id: "kyso-legacy-vgca", file: "page/legacy-vgca.js" };
const ALL_IDS = [CONTENT_SCRIPT.id, PAGE_API_SCRIPT.id, LEGACY_SCRIPT.id];

/** Chromium match pattern of one origin ("https://host:port"): every path of exactly that origin. */
export function originMatchPattern(origin: string): string {
  return `${origin}/*`;
}

async function packaged(file: string): Promise<boolean> {
  try {
    return (await fetch(browser.runtime.getURL(file), { method: "HEAD" })).ok;
  } catch {
    return false;
  }
}

type Registration = browser.Scripting.RegisteredContentScript & { world?: "ISOLATED" | "MAIN" };

async function registrationsFor(settings: KysoSettings): Promise<Registration[]> {
  const allowed = settings.portals.filter((portal) => portal.origin !== "");
  const matches = allowed.map((portal) => originMatchPattern(portal.origin));
  if (matches.length === 0) return [];
  const common = { matches, runAt: "document_start" as const, allFrames: true, persistAcrossSessions: true };
  const scripts: Registration[] = [
    { ...common, id: CONTENT_SCRIPT.id, js: [CONTENT_SCRIPT.file], world: "ISOLATED" },
    { ...common, id: PAGE_API_SCRIPT.id, js: [PAGE_API_SCRIPT.file], world: "MAIN" },
  ];
  const legacyMatches = allowed.filter((portal) => portal.legacyApi).map((portal) => originMatchPattern(portal.origin));
  if (legacyMatches.length > 0 && (await packaged(LEGACY_SCRIPT.file))) {
    scripts.push({ ...common, matches: legacyMatches, id: LEGACY_SCRIPT.id, js: [LEGACY_SCRIPT.file], world: "MAIN" });
  }
  return scripts;
}

/** Makes the registered scripts exactly those the settings call for (the caller serialises calls). */
export async function applyPageScripts(settings: KysoSettings): Promise<void> {
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: ALL_IDS });
  if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: existing.map((script) => script.id) });
  const wanted = await registrationsFor(settings);
  if (wanted.length > 0) await browser.scripting.registerContentScripts(wanted);
}
