import type { ObjectSpec, SettingSpec } from "./setting-spec.js";
import { SETTINGS } from "./settings.js";

/**
 * One setting IT can set: a string, boolean, integer or list, with its dotted path
 * ("signing.level"). Groups (objects) are not settings themselves but folders of them; a
 * list is one setting even when its items are objects (portals), as Chromium's policy is.
 */
export interface SettingLeaf {
  path: string;
  /** The path split at the dots: ["signing", "level"]. */
  keys: readonly string[];
  spec: Exclude<SettingSpec, ObjectSpec>;
}

/** Every setting of a settings tree, in declaration order. */
export function settingLeaves(spec: ObjectSpec = SETTINGS, parentKeys: readonly string[] = []): SettingLeaf[] {
  return Object.entries(spec.properties).flatMap(([key, child]) => {
    const keys = [...parentKeys, key];
    return child.kind === "object" ? settingLeaves(child, keys) : [{ path: keys.join("."), keys, spec: child }];
  });
}

/** The value at `keys` in a nested object, or undefined when any step is missing. */
export function valueAt(tree: unknown, keys: readonly string[]): unknown {
  let node = tree;
  for (const key of keys) {
    if (typeof node !== "object" || node === null || Array.isArray(node) || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Writes `value` at `keys`, creating the groups on the way. */
export function setValueAt(tree: Record<string, unknown>, keys: readonly string[], value: unknown): void {
  let node = tree;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node = typeof next === "object" && next !== null && !Array.isArray(next) ? (next as Record<string, unknown>) : (node[key] = {});
  }
  node[keys[keys.length - 1]!] = value;
}
