import { execFile } from "node:child_process";
import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_EXTENSION_ID, FIREFOX_EXTENSION_ID, NATIVE_HOST_NAME } from "../../../shared/extension-identity.js";
import { settingLeaves, valueAt } from "../../../shared/policy/setting-leaves.js";
import { validateSettings } from "../../../shared/policy/validate-settings.js";
import { runKyso } from "../../../test/cli/run-kyso.js";
import { EXAMPLE_POLICY } from "../../../test/policy/example-policy.js";
import { readRegistryFile } from "../../../test/policy/registry-file-reader.js";
import { settingsInPolicyFile } from "../../config/policy-file-formats.js";

const run = promisify(execFile);
const expected = validateSettings(EXAMPLE_POLICY).settings;
let outDir = "";

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), "kyso-policy-templates-"));
  await writeFile(join(dir, "example.json"), JSON.stringify(EXAMPLE_POLICY));
  outDir = join(dir, "out");
  const written = await runKyso(["policy", "templates", "--out", outDir, "--example", join(dir, "example.json"), "--chrome-update-url", "https://cntt.gialai.gov.vn/kyso/update.xml"]);
  expect(written.code, written.stderr).toBe(0);
});

const read = (path: string) => readFile(join(outDir, path));
const readJson = async (path: string) => JSON.parse((await read(path)).toString("utf8")) as unknown;

describe("kyso policy templates: one template per browser and OS, each carrying every setting", () => {
  it("writes the Windows, Linux, macOS, Firefox and machine templates", async () => {
    const listed = async (dir: string): Promise<string[]> =>
      (await readdir(join(outDir, dir), { withFileTypes: true })).flatMap((entry) => (entry.isDirectory() ? [] : [`${dir}/${entry.name}`]));
    const files = [
      ...(await listed("windows")), ...(await listed("windows/vi-VN")), ...(await listed("windows/en-US")),
      ...(await listed("linux/chrome")), ...(await listed("linux/chromium")), ...(await listed("linux/edge")),
      ...(await listed("macos")), ...(await listed("firefox")), ...(await listed("kyso")),
    ].sort();
    expect(files).toEqual([
      "firefox/policies.json", "kyso/policy.json",
      "linux/chrome/kyso-install.json", "linux/chrome/kyso-policy.json", "linux/chromium/kyso-install.json", "linux/chromium/kyso-policy.json",
      "linux/edge/kyso-install.json", "linux/edge/kyso-policy.json",
      "macos/kyso-chrome.mobileconfig", "macos/kyso-edge.mobileconfig",
      "windows/en-US/kyso-chrome.adml", "windows/en-US/kyso-edge.adml", "windows/kyso-chrome.admx", "windows/kyso-chrome.reg", "windows/kyso-edge.admx", "windows/kyso-edge.reg",
      "windows/vi-VN/kyso-chrome.adml", "windows/vi-VN/kyso-edge.adml",
    ]);
  });

  it("JSON templates (Linux Chromium family, Firefox, kyso machine policy) hold every setting with the example's value, and validate", async () => {
    for (const path of ["linux/chrome/kyso-policy.json", "linux/chromium/kyso-policy.json", "linux/edge/kyso-policy.json", "firefox/policies.json", "kyso/policy.json"]) {
      const { raw } = settingsInPolicyFile(await readJson(path));
      expect(raw, path).toEqual(expected);
      expect(validateSettings(raw).problems, path).toEqual([]);
    }
    const firefox = (await readJson("firefox/policies.json")) as { policies: { ExtensionSettings: Record<string, { installation_mode: string; install_url: string }> } };
    expect(firefox.policies.ExtensionSettings[FIREFOX_EXTENSION_ID]?.installation_mode).toBe("force_installed");
  });

  it("Linux install policies force-install kyso from the given update URL and allow its native host", async () => {
    const chrome = (await readJson("linux/chrome/kyso-install.json")) as { ExtensionSettings: Record<string, unknown>; NativeMessagingAllowlist: string[] };
    expect(chrome.ExtensionSettings[CHROMIUM_EXTENSION_ID]).toEqual({ installation_mode: "force_installed", update_url: "https://cntt.gialai.gov.vn/kyso/update.xml" });
    expect(chrome.NativeMessagingAllowlist).toEqual([NATIVE_HOST_NAME]);
    const edge = (await readJson("linux/edge/kyso-install.json")) as { ExtensionSettings: Record<string, { update_url: string }> };
    expect(edge.ExtensionSettings[CHROMIUM_EXTENSION_ID]?.update_url).toBe("https://edge.microsoft.com/extensionwebstorebase/v1/crx");
  });

  it(".reg files parse as regedit files and, read the way Chromium converts registry values, give back every setting", async () => {
    for (const [browser, root] of [["chrome", "Google\\Chrome"], ["edge", "Microsoft\\Edge"]] as const) {
      const keys = readRegistryFile(await read(`windows/kyso-${browser}.reg`));
      const policyKey = `HKEY_LOCAL_MACHINE\\Software\\Policies\\${root}\\3rdparty\\extensions\\${CHROMIUM_EXTENSION_ID}\\policy`;
      let valueCount = 0;
      for (const leaf of settingLeaves()) {
        const key = [policyKey, ...leaf.keys.slice(0, -1)].join("\\");
        const stored = keys.get(key)?.get(leaf.keys[leaf.keys.length - 1]!);
        expect(stored, `${browser} ${leaf.path}`).toBeDefined();
        valueCount++;
        // registry_dict.cc ConvertRegistryValue: DWORD → boolean/integer, REG_SZ holding JSON → list.
        const converted: unknown = leaf.spec.kind === "boolean" ? stored!.value !== 0 : leaf.spec.kind === "array" ? JSON.parse(String(stored!.value)) : stored!.value;
        expect(converted, `${browser} ${leaf.path}`).toEqual(valueAt(expected, leaf.keys));
      }
      const policyValues = [...keys].filter(([key]) => key.startsWith(policyKey)).reduce((sum, [, values]) => sum + values.size, 0);
      expect(policyValues).toBe(valueCount);
      expect(keys.get(`HKEY_LOCAL_MACHINE\\Software\\Policies\\${root}\\NativeMessagingAllowlist`)?.get("1")).toEqual({ type: "sz", value: NATIVE_HOST_NAME });
      expect(String(keys.get(`HKEY_LOCAL_MACHINE\\Software\\Policies\\${root}\\ExtensionInstallForcelist`)?.get("1")?.value)).toMatch(new RegExp(`^${CHROMIUM_EXTENSION_ID};https://`));
    }
  });

  it(".mobileconfig files are property lists (Python plistlib) with every setting in the extension payload", async () => {
    for (const browser of ["chrome", "edge"]) {
      const script = "import plistlib,json,sys; print(json.dumps(plistlib.load(open(sys.argv[1],'rb'))))";
      const { stdout } = await run("python3", ["-c", script, join(outDir, `macos/kyso-${browser}.mobileconfig`)]);
      const profile = JSON.parse(stdout) as { PayloadType: string; PayloadContent: Array<Record<string, unknown>> };
      expect(profile.PayloadType).toBe("Configuration");
      const domain = browser === "chrome" ? "com.google.Chrome" : "com.microsoft.Edge";
      const settingsPayload = profile.PayloadContent.find((p) => p.PayloadType === `${domain}.extensions.${CHROMIUM_EXTENSION_ID}`)!;
      const settings = Object.fromEntries(Object.entries(settingsPayload).filter(([key]) => !key.startsWith("Payload")));
      expect(settings).toEqual(expected);
      const install = profile.PayloadContent.find((p) => p.PayloadType === domain)!;
      expect(install.NativeMessagingAllowlist).toEqual([NATIVE_HOST_NAME]);
    }
  });

  it("ADMX and ADML files are well-formed XML (xmllint), define one policy per setting, and every string and presentation they name exists", async () => {
    for (const browser of ["chrome", "edge"]) {
      const files = [`windows/kyso-${browser}.admx`, `windows/vi-VN/kyso-${browser}.adml`, `windows/en-US/kyso-${browser}.adml`];
      await run("xmllint", ["--noout", ...files.map((file) => join(outDir, file))]);
      const [admx, vi, en] = await Promise.all(files.map(async (file) => (await read(file)).toString("utf8")));
      const policies = [...admx!.matchAll(/<policy name="([^"]+)"[^>]* key="([^"]+)"(?: valueName="([^"]+)")?/g)];
      expect(policies.map((p) => p[1])).toEqual(settingLeaves().map((leaf) => `kyso_${leaf.keys.join("_")}`));
      const level = policies.find((p) => p[1] === "kyso_signing_level")!;
      expect(level[2]).toBe(`Software\\Policies\\${browser === "chrome" ? "Google\\Chrome" : "Microsoft\\Edge"}\\3rdparty\\extensions\\${CHROMIUM_EXTENSION_ID}\\policy\\signing`);
      for (const adml of [vi!, en!]) {
        const strings = new Set([...adml.matchAll(/<string id="([^"]+)">/g)].map((m) => m[1]));
        const presentations = new Set([...adml.matchAll(/<presentation id="([^"]+)">/g)].map((m) => m[1]));
        for (const [, id] of admx!.matchAll(/\$\(string\.([^)]+)\)/g)) expect(strings.has(id), id).toBe(true);
        for (const [, id] of admx!.matchAll(/\$\(presentation\.([^)]+)\)/g)) expect(presentations.has(id), id).toBe(true);
        const elementIds = new Set([...admx!.matchAll(/<(?:text|decimal|enum|list) id="([^"]+)"/g)].map((m) => m[1]));
        for (const [, refId] of adml.matchAll(/refId="([^"]+)"/g)) expect(elementIds.has(refId), refId).toBe(true);
      }
      expect(vi).toContain("Mức PAdES");
      expect(en).toContain("PAdES level");
    }
  });
});

describe("kyso policy check", () => {
  it("accepts a valid template and reports each invalid value with its path, in Vietnamese or English", async () => {
    const good = await runKyso(["policy", "check", join(outDir, "linux/chromium/kyso-policy.json")]);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain("mọi thiết lập đều hợp lệ");

    const bad = join(outDir, "bad.json");
    await writeFile(bad, JSON.stringify({ policies: { "3rdparty": { Extensions: { [FIREFOX_EXTENSION_ID]: { signing: { level: "B-X" }, portals: [{ origin: "http://insecure.gov.vn" }], colour: "red" } } } } }));
    const vi = await runKyso(["policy", "check", bad]);
    expect(vi.code).toBe(1);
    expect(vi.stdout).toContain("✘ signing.level: phải là một trong: B-B, B-T, B-LT, B-LTA");
    expect(vi.stdout).toContain("✘ portals[0].origin: không đúng định dạng");
    expect(vi.stdout).toContain("✘ colour: không có thiết lập này");
    const en = await runKyso(["--lang", "en", "policy", "check", bad]);
    expect(en.stdout).toContain("✘ signing.level: must be one of: B-B, B-T, B-LT, B-LTA");
    expect(en.stdout).toContain("3 invalid setting(s)");
  });

  it("refuses to write templates from an example with invalid values, naming them", async () => {
    const bad = join(outDir, "bad-example.json");
    await writeFile(bad, JSON.stringify({ appearance: { infoFontSizePt: 72 } }));
    const refused = await runKyso(["policy", "templates", "--out", join(outDir, "never"), "--example", bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("appearance.infoFontSizePt: phải từ 6 đến 20");
    await expect(readdir(join(outDir, "never"))).rejects.toThrow();
  });
});
