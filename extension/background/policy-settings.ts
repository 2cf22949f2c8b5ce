import browser from "webextension-polyfill";
import type { KysoSettings } from "../../shared/policy/settings.js";
import { validateSettings, type SettingProblem } from "../../shared/policy/validate-settings.js";

/**
 * storage.local key of the options a person sets on an unmanaged machine (the options page
 * writes it; same shape as the policy, any subset of it).
 */
export const LOCAL_OPTIONS_KEY = "options";

export interface EffectiveSettings {
  settings: KysoSettings;
  problems: SettingProblem[];
  /** Whether IT's policy (storage.managed) set anything at all. */
  managed: boolean;
  /** The browser has not answered for storage.managed yet: read again soon. */
  policyPending: boolean;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** Policy wins setting by setting; what IT left unset may come from the local options. */
function overlay(local: unknown, managed: Json): Json {
  const merged: Json = isObject(local) ? { ...local } : {};
  for (const [key, value] of Object.entries(managed)) merged[key] = isObject(value) && isObject(merged[key]) ? overlay(merged[key], value) : value;
  return merged;
}

/** The last policy the browser answered with (the sidecar gets it in hello); undefined until then. */
let lastManagedPolicy: Json | undefined;

/** IT's policy as last read, raw, for the sidecar's handshake; undefined before the browser answered or when there is none. */
export function lastReadManagedPolicy(): Json | undefined {
  return lastManagedPolicy !== undefined && Object.keys(lastManagedPolicy).length > 0 ? lastManagedPolicy : undefined;
}

/** Seen here: right after the browser starts, storage.managed.get() can stay unanswered for minutes. */
const MANAGED_READ_TIMEOUT_MS = 3_000;

/** IT's policy; undefined when the browser has not answered yet (the caller tries again later). */
async function readManaged(): Promise<Json | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), MANAGED_READ_TIMEOUT_MS)));
  try {
    return await Promise.race([browser.storage.managed.get() as Promise<Json>, late]);
  } catch {
    // Firefox without a policies.json entry (and Chromium without a managed schema) throws: no policy.
    return {};
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The settings kyso runs with now: policy over local options over the defaults, validated.
 * While the browser has not answered for the policy, the local options alone apply (on a
 * managed machine the options page cannot set portals, so there are none to apply); the
 * caller reads again until the policy arrives.
 */
export async function loadSettings(): Promise<EffectiveSettings> {
  const [managed, local] = await Promise.all([readManaged(), browser.storage.local.get(LOCAL_OPTIONS_KEY)]);
  if (managed !== undefined) lastManagedPolicy = managed;
  const { settings, problems } = validateSettings(overlay(local[LOCAL_OPTIONS_KEY], managed ?? {}));
  return { settings, problems, managed: managed !== undefined && Object.keys(managed).length > 0, policyPending: managed === undefined };
}

/** Calls `listener` whenever the policy or the local options change. */
export function onSettingsChanged(listener: () => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === "managed" || (area === "local" && LOCAL_OPTIONS_KEY in changes)) listener();
  });
}

/** The settings as last read, until the policy or the local options change. */
let cached: Promise<EffectiveSettings> | undefined;
/** A read started because the cached one had no answer for the policy yet. */
let refreshing: Promise<EffectiveSettings> | undefined;
let watchingChanges = false;

function readIntoCache(): Promise<EffectiveSettings> {
  const read = loadSettings();
  read.catch(() => {
    if (cached === read) cached = undefined;
  });
  return read;
}

/**
 * The effective settings from memory, so that a content script at document_start or a page
 * request does not wait on storage.managed (up to MANAGED_READ_TIMEOUT_MS) each time. Same
 * precedence as loadSettings (it is what is cached). Any change of the policy or the local
 * options drops the cache; settings read before the browser answered for the policy are
 * served while a new read runs, and replaced when it has the answer.
 */
export async function currentSettings(): Promise<EffectiveSettings> {
  if (!watchingChanges) {
    watchingChanges = true;
    onSettingsChanged(() => {
      cached = undefined;
      refreshing = undefined;
    });
  }
  cached ??= readIntoCache();
  const settings = await cached;
  if (settings.policyPending && !refreshing) {
    const refresh = readIntoCache();
    refreshing = refresh;
    void refresh.then((fresh) => {
      if (refreshing !== refresh) return;
      refreshing = undefined;
      if (!fresh.policyPending) cached = refresh;
    }, () => (refreshing = undefined));
  }
  return settings;
}

export type PortalPolicy = KysoSettings["portals"][number];

/** The policy entry of an origin, or undefined when the origin is not an allowed portal. */
export function portalFor(settings: KysoSettings, origin: string): PortalPolicy | undefined {
  return settings.portals.find((portal) => portal.origin !== "" && portal.origin === origin);
}
