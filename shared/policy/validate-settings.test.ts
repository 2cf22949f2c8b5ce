import { describe, expect, it } from "vitest";
import { chromeManagedSchema } from "./chrome-managed-schema.js";
import { DEFAULT_SETTINGS, validateSettings } from "./validate-settings.js";

describe("settings: one schema, defaults and validation", () => {
  it("gives every setting its default when nothing is set", () => {
    const { settings, problems } = validateSettings(undefined);
    expect(problems).toEqual([]);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(settings.signing.level).toBe("B-T");
    expect(settings.ui.language).toBe("vi");
    expect(settings.portals).toEqual([]);
  });

  it("keeps valid values and fills the rest of their group with defaults", () => {
    const { settings, problems } = validateSettings({ signing: { level: "B-LTA" }, portals: [{ origin: "https://motcua.hue.gov.vn" }] });
    expect(problems).toEqual([]);
    expect(settings.signing).toMatchObject({ level: "B-LTA", hash: "SHA-256" });
    expect(settings.portals[0]).toEqual({ origin: "https://motcua.hue.gov.vn", name: "", legacyApi: false, legacyEndpoints: [], pdfSelectors: [], uploadOrigins: [] });
  });

  it("reports each invalid value with its path in Vietnamese and English, and uses the default instead", () => {
    const { settings, problems } = validateSettings({
      signing: { level: "B-X", hash: 256 },
      portals: [{ origin: "http://insecure.gov.vn" }],
      appearance: { infoFontSizePt: 72 },
      colour: "red",
    });
    const byPath = new Map(problems.map((p) => [p.path, p.message]));
    expect([...byPath.keys()].sort()).toEqual(["appearance.infoFontSizePt", "colour", "portals[0].origin", "signing.hash", "signing.level"]);
    expect(byPath.get("signing.level")?.vi).toContain("B-B, B-T, B-LT, B-LTA");
    expect(byPath.get("colour")).toEqual({ vi: "không có thiết lập này", en: "no such setting" });
    expect(settings.signing.level).toBe("B-T");
    expect(settings.appearance.infoFontSizePt).toBe(10);
    expect(settings.portals[0]?.origin).toBe("");
  });

  it("checks an empty string against the pattern as Chromium does: an empty TSA URL means none, an empty portal origin is wrong", () => {
    const { problems } = validateSettings({ signing: { tsaUrl: "" }, portals: [{ origin: "" }] });
    expect(problems.map((p) => p.path)).toEqual(["portals[0].origin"]);
  });

  it("derives a Chromium managed schema of only the keywords Chromium accepts", () => {
    const allowed = new Set(["type", "properties", "items", "description", "enum", "pattern", "minimum", "maximum", "sensitiveValue"]);
    const walk = (node: Record<string, unknown>): void => {
      for (const key of Object.keys(node)) expect(allowed.has(key), key).toBe(true);
      for (const child of Object.values((node.properties ?? {}) as Record<string, Record<string, unknown>>)) walk(child);
      if (node.items) walk(node.items as Record<string, unknown>);
    };
    const schema = chromeManagedSchema();
    walk(schema);
    expect(schema.type).toBe("object");
  });
});
