import type { Language } from "../protocol/error-messages.js";
import type { SettingSpec } from "./setting-spec.js";
import { SETTINGS, type KysoSettings } from "./settings.js";

/** A value that was set but could not be used: where, and why, for IT to read. */
export interface SettingProblem {
  path: string;
  message: Record<Language, string>;
}

function problem(path: string, vi: string, en: string): SettingProblem {
  return { path, message: { vi, en } };
}

/** What a spec is when nothing is set. */
export function defaultOf(spec: SettingSpec): unknown {
  switch (spec.kind) {
    case "string":
      return spec.default ?? "";
    case "boolean":
    case "integer":
      return spec.default;
    case "array":
      return [];
    case "object":
      return Object.fromEntries(Object.entries(spec.properties).map(([key, child]) => [key, defaultOf(child)]));
  }
}

/**
 * Checks one value against its spec. An invalid value is reported and replaced by the
 * default, and unknown keys are reported and ignored: one wrong setting must neither stop
 * kyso nor silently disappear (issue "Rollout by IT"). Written here rather than with a schema
 * library because each problem must fall back per setting and carry a bilingual message.
 */
function check(spec: SettingSpec, value: unknown, at: { path: string; problems: SettingProblem[] }): unknown {
  const { path, problems } = at;
  const fallback = (vi: string, en: string) => {
    problems.push(problem(path, vi, en));
    return defaultOf(spec);
  };
  switch (spec.kind) {
    case "string":
      if (typeof value !== "string") return fallback("phải là chuỗi ký tự", "must be a string");
      if (spec.maxLength !== undefined && value.length > spec.maxLength) return fallback(`dài quá ${spec.maxLength} ký tự`, `longer than ${spec.maxLength} characters`);
      if (spec.enum && !spec.enum.includes(value)) return fallback(`phải là một trong: ${spec.enum.join(", ")}`, `must be one of: ${spec.enum.join(", ")}`);
      // Same rule as Chromium's schema check: an empty string must match the pattern too.
      if (spec.pattern && !new RegExp(spec.pattern).test(value)) return fallback("không đúng định dạng", "has the wrong format");
      return value;
    case "boolean":
      return typeof value === "boolean" ? value : fallback("phải là true hoặc false", "must be true or false");
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) return fallback("phải là số nguyên", "must be an integer");
      if (value < spec.minimum || value > spec.maximum) return fallback(`phải từ ${spec.minimum} đến ${spec.maximum}`, `must be between ${spec.minimum} and ${spec.maximum}`);
      return value;
    case "array":
      if (!Array.isArray(value)) return fallback("phải là danh sách", "must be a list");
      if (value.length > spec.maxItems) return fallback(`nhiều hơn ${spec.maxItems} mục`, `more than ${spec.maxItems} items`);
      return value.map((item: unknown, index) => check(spec.items, item, { path: `${path}[${index}]`, problems }));
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return fallback("phải là một nhóm thiết lập (object)", "must be an object");
      const given = value as Record<string, unknown>;
      for (const key of Object.keys(given)) if (!(key in spec.properties)) problems.push(problem(path ? `${path}.${key}` : key, "không có thiết lập này", "no such setting"));
      return Object.fromEntries(
        Object.entries(spec.properties).map(([key, child]) => {
          const childPath = path ? `${path}.${key}` : key;
          return [key, key in given ? check(child, given[key], { path: childPath, problems }) : defaultOf(child)];
        }),
      );
    }
  }
}

/** Settings from policy or a config file, defaults for what is missing, and what was wrong. */
export function validateSettings(raw: unknown): { settings: KysoSettings; problems: SettingProblem[] } {
  const problems: SettingProblem[] = [];
  const settings = check(SETTINGS, raw ?? {}, { path: "", problems }) as KysoSettings;
  return { settings, problems };
}

export const DEFAULT_SETTINGS = defaultOf(SETTINGS) as KysoSettings;
