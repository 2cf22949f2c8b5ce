import { readdirSync } from "node:fs";
import { delimiter, join } from "node:path";
import { layerSettings, type LayeredSettings, type SettingsLayer } from "../../shared/policy/layered-settings.js";
import { configFilePath } from "../host/state-paths.js";
import { CHROMIUM_POLICY_TARGETS, FIREFOX_LINUX_POLICIES_FILE } from "./browser-policy-targets.js";
import { readJsonFile } from "./json-file.js";
import { settingsInPolicyFile } from "./policy-file-formats.js";

/**
 * Where the sidecar (CLI and native host) takes its settings from, highest first:
 *   1. kyso's machine policy file — /etc/kyso/policy.json (Linux), /Library/Application Support/
 *      kyso/policy.json (macOS), %ProgramData%\kyso\policy.json (Windows); KYSO_MACHINE_POLICY overrides;
 *   2. the browsers' own policy files when readable (Linux: the Chromium-family managed
 *      directories and Firefox's policies.json) — the same values the extension gets, so the
 *      CLI agrees with the browser; KYSO_BROWSER_POLICY_DIRS (a path list; empty = none) overrides;
 *   3. the user's config file (~/.config/kyso/config.json …, KYSO_CONFIG), whose host-only keys
 *      (host-config.ts) are not settings;
 *   4. the defaults of shared/policy.
 * Each source is validated on its own: an invalid value is reported with its source and the
 * next source's value is used.
 */
export type SourceState = "read" | "missing" | "unreadable" | "not-json" | "no-kyso-settings";

export interface SourceReport {
  source: string;
  rank: "machine-policy" | "browser-policy" | "user-config";
  state: SourceState;
  detail?: string;
}

export interface EffectiveSettings extends LayeredSettings {
  sources: SourceReport[];
}

export interface SourceOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** The user config file; configFilePath() when omitted. */
  userConfigFile?: string;
  /** Keys of the user config file that belong to the host's own config. */
  userConfigOtherKeys?: readonly string[];
  /** The browser's managed policy as the extension sent it in hello: ranked with the browser policy files, after them. */
  handshakePolicy?: Record<string, unknown>;
}

function machinePolicyPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.KYSO_MACHINE_POLICY) return env.KYSO_MACHINE_POLICY;
  if (platform === "win32") return join(env.ProgramData ?? "C:\\ProgramData", "kyso", "policy.json");
  if (platform === "darwin") return "/Library/Application Support/kyso/policy.json";
  return "/etc/kyso/policy.json";
}

/**
 * The browser policy files to read, in precedence order. On Windows and macOS browser policy
 * lives in the registry and configuration profiles: IT sets the machine policy file there too.
 */
function browserPolicyFiles(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string[] {
  const override = env.KYSO_BROWSER_POLICY_DIRS;
  const entries = override !== undefined ? override.split(delimiter).filter(Boolean) : platform === "linux" ? [...CHROMIUM_POLICY_TARGETS.map((target) => target.linuxManagedDir), FIREFOX_LINUX_POLICIES_FILE] : [];
  return entries.flatMap((entry) => {
    if (entry.endsWith(".json")) return [entry];
    try {
      return readdirSync(entry).filter((name) => name.endsWith(".json")).sort().map((name) => join(entry, name));
    } catch {
      return [];
    }
  });
}

function readSource(file: string, rank: SourceReport["rank"]): { report: SourceReport; layer?: SettingsLayer } {
  const read = readJsonFile(file);
  if (read.state !== "read") return { report: { source: file, rank, state: read.state, ...("detail" in read ? { detail: read.detail } : {}) } };
  const { raw } = settingsInPolicyFile(read.value);
  if (raw === undefined) return { report: { source: file, rank, state: "no-kyso-settings" } };
  return { report: { source: file, rank, state: "read" }, layer: { source: file, raw } };
}

/** The source name doctor and `config show` print for the policy the extension sent. */
const HANDSHAKE_POLICY_SOURCE = "browser (storage.managed, sent by the extension)";

function handshakeSource(raw: Record<string, unknown>): { report: SourceReport; layer: SettingsLayer } {
  return { report: { source: HANDSHAKE_POLICY_SOURCE, rank: "browser-policy", state: "read" }, layer: { source: HANDSHAKE_POLICY_SOURCE, raw } };
}

export function readEffectiveSettings(options: SourceOptions = {}): EffectiveSettings {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const read = [
    readSource(machinePolicyPath(env, platform), "machine-policy"),
    ...browserPolicyFiles(env, platform).map((file) => readSource(file, "browser-policy")),
    ...(options.handshakePolicy ? [handshakeSource(options.handshakePolicy)] : []),
    readSource(options.userConfigFile ?? configFilePath(env, platform), "user-config"),
  ];
  const layers = read.flatMap(({ layer, report }) => (layer ? [report.rank === "user-config" ? { ...layer, ignoredKeys: options.userConfigOtherKeys ?? [] } : layer] : []));
  return { ...layerSettings(layers), sources: read.map(({ report }) => report) };
}
