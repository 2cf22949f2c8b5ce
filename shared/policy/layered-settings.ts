import { setValueAt, settingLeaves, valueAt } from "./setting-leaves.js";
import type { KysoSettings } from "./settings.js";
import { DEFAULT_SETTINGS, validateSettings, type SettingProblem } from "./validate-settings.js";

/** One place settings come from (browser policy, a policy file, the user's choices). */
export interface SettingsLayer {
  /** Names the place for people: "storage.managed", "/etc/kyso/policy.json". */
  source: string;
  raw: unknown;
  /** Top-level keys that belong to someone else in the same file, neither read nor reported. */
  ignoredKeys?: readonly string[];
}

export interface LayeredProblem extends SettingProblem {
  source: string;
}

export interface LayeredSettings {
  settings: KysoSettings;
  /** For every setting path ("signing.level"): the source its value came from, or "default". */
  sourceOf: Record<string, string>;
  problems: LayeredProblem[];
}

export const DEFAULT_SOURCE = "default";

function withoutKeys(raw: unknown, keys: readonly string[]): unknown {
  if (keys.length === 0 || typeof raw !== "object" || raw === null || Array.isArray(raw)) return raw;
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !keys.includes(key)));
}

/**
 * Settings from several sources, the first layer winning, setting by setting: a value set
 * in a higher layer replaces the one below it; a value that is invalid there is reported and
 * the next layer's value (or the default) is used. One rule for the extension (storage.managed
 * over storage.local) and the sidecar (machine policy over the user's file).
 */
export function layerSettings(layers: readonly SettingsLayer[]): LayeredSettings {
  const settings = structuredClone(DEFAULT_SETTINGS) as unknown as Record<string, unknown>;
  const leaves = settingLeaves();
  const sourceOf: Record<string, string> = Object.fromEntries(leaves.map((leaf) => [leaf.path, DEFAULT_SOURCE]));
  const problems: LayeredProblem[] = [];
  for (const layer of [...layers].reverse()) {
    const raw = withoutKeys(layer.raw, layer.ignoredKeys ?? []);
    const checked = validateSettings(raw);
    problems.unshift(...checked.problems.map((found) => ({ ...found, source: layer.source })));
    const rejected = new Set(checked.problems.map((found) => found.path));
    for (const leaf of leaves) {
      if (valueAt(raw, leaf.keys) === undefined || rejected.has(leaf.path)) continue;
      setValueAt(settings, leaf.keys, valueAt(checked.settings, leaf.keys));
      sourceOf[leaf.path] = layer.source;
    }
  }
  return { settings: settings as unknown as KysoSettings, sourceOf, problems };
}
