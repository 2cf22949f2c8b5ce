import { describe, expect, it } from "vitest";
import { layerSettings } from "./layered-settings.js";

describe("layered settings: the first source wins, setting by setting", () => {
  it("takes each setting from the highest source that sets it, names that source, and defaults the rest", () => {
    const { settings, sourceOf, problems } = layerSettings([
      { source: "storage.managed", raw: { signing: { level: "B-LTA" } } },
      { source: "storage.local", raw: { signing: { level: "B-B", tsaUrl: "http://tsa.example.vn/" }, ui: { language: "en" } } },
    ]);
    expect(problems).toEqual([]);
    expect(settings.signing).toMatchObject({ level: "B-LTA", tsaUrl: "http://tsa.example.vn/", hash: "SHA-256" });
    expect(settings.ui.language).toBe("en");
    expect(sourceOf["signing.level"]).toBe("storage.managed");
    expect(sourceOf["signing.tsaUrl"]).toBe("storage.local");
    expect(sourceOf["signing.hash"]).toBe("default");
  });

  it("reports an invalid value with its source and uses the next source's value instead", () => {
    const { settings, sourceOf, problems } = layerSettings([
      { source: "policy", raw: { signing: { level: "B-X" } } },
      { source: "user", raw: { signing: { level: "B-LT" }, pkcs11Modules: ["/x.so"] }, ignoredKeys: ["pkcs11Modules"] },
    ]);
    expect(problems).toEqual([{ source: "policy", path: "signing.level", message: expect.objectContaining({ en: "must be one of: B-B, B-T, B-LT, B-LTA" }) as unknown }]);
    expect(settings.signing.level).toBe("B-LT");
    expect(sourceOf["signing.level"]).toBe("user");
  });
});
