import type { SettingSpec } from "./setting-spec.js";
import { SETTINGS } from "./settings.js";

type ChromeSchema = Record<string, unknown>;

/**
 * The managed-storage schema Chromium reads from `storage.managed_schema` (a JSON Schema subset:
 * type, properties, items, description, enum, pattern, minimum, maximum, sensitiveValue). Chromium
 * refuses to load an extension whose schema it cannot parse, so only that subset is emitted.
 * Descriptions are English: chrome://policy shows them as they are.
 */
export function chromeSchemaOf(spec: SettingSpec): ChromeSchema {
  const base: ChromeSchema = { description: spec.description.en };
  switch (spec.kind) {
    case "string":
      return {
        ...base, type: "string",
        ...(spec.enum ? { enum: [...spec.enum] } : {}),
        ...(spec.pattern ? { pattern: spec.pattern } : {}),
        ...(spec.sensitive ? { sensitiveValue: true } : {}),
      };
    case "boolean":
      return { ...base, type: "boolean" };
    case "integer":
      return { ...base, type: "integer", minimum: spec.minimum, maximum: spec.maximum };
    case "array":
      return { ...base, type: "array", items: chromeSchemaOf(spec.items) };
    case "object":
      return { ...base, type: "object", properties: Object.fromEntries(Object.entries(spec.properties).map(([key, child]) => [key, chromeSchemaOf(child)])) };
  }
}

export function chromeManagedSchema(): ChromeSchema {
  // The top level is the extension's whole policy: Chromium wants no description there.
  return Object.fromEntries(Object.entries(chromeSchemaOf(SETTINGS)).filter(([key]) => key !== "description"));
}
