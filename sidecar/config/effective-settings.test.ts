import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHROMIUM_EXTENSION_ID } from "../../shared/extension-identity.js";
import { DEFAULT_SETTINGS, validateSettings } from "../../shared/policy/validate-settings.js";
import { HOST_CONFIG_KEYS } from "../host/host-config.js";
import { readEffectiveSettings } from "./effective-settings.js";
import { hostConfigWithSettings } from "./host-config-from-settings.js";

/** A machine with kyso's policy file, a browser policy directory and a user config, all private. */
async function machine(files: { machine?: unknown; browser?: unknown; user?: unknown }) {
  const dir = await mkdtemp(join(tmpdir(), "kyso-settings-"));
  const browserDir = join(dir, "chromium-managed");
  await mkdir(browserDir);
  const write = (file: string, value: unknown) => writeFile(file, typeof value === "string" ? value : JSON.stringify(value));
  if (files.machine !== undefined) await write(join(dir, "policy.json"), files.machine);
  if (files.browser !== undefined) await write(join(browserDir, "kyso.json"), { "3rdparty": { extensions: { [CHROMIUM_EXTENSION_ID]: files.browser } } });
  if (files.user !== undefined) await write(join(dir, "config.json"), files.user);
  const env = { KYSO_MACHINE_POLICY: join(dir, "policy.json"), KYSO_BROWSER_POLICY_DIRS: browserDir, KYSO_CONFIG: join(dir, "config.json") };
  return { dir, env, read: () => readEffectiveSettings({ env, platform: "linux", userConfigOtherKeys: HOST_CONFIG_KEYS }) };
}

describe("sidecar settings: machine policy > browser policy > user config > defaults", () => {
  it("takes each setting from the highest source that sets it and says which", async () => {
    const { dir, read } = await machine({
      machine: { signing: { level: "B-LTA" } },
      browser: { signing: { level: "B-LT", hash: "SHA-512" } },
      user: { signing: { hash: "SHA-384", tsaUrl: "http://tsa.example.vn/" }, ui: { language: "en" }, pkcs11Modules: ["/usr/lib/softhsm/libsofthsm2.so"] },
    });
    const effective = read();
    expect(effective.problems).toEqual([]);
    expect(effective.settings.signing).toMatchObject({ level: "B-LTA", hash: "SHA-512", tsaUrl: "http://tsa.example.vn/", rsaPadding: "pkcs1" });
    expect(effective.settings.ui.language).toBe("en");
    expect(effective.sourceOf).toMatchObject({
      "signing.level": join(dir, "policy.json"),
      "signing.hash": join(dir, "chromium-managed/kyso.json"),
      "signing.tsaUrl": join(dir, "config.json"),
      "signing.rsaPadding": "default",
    });
    expect(effective.sources.map((s) => [s.rank, s.state])).toEqual([["machine-policy", "read"], ["browser-policy", "read"], ["user-config", "read"]]);
  });

  it("reports an invalid policy value with its file and falls back to the next source", async () => {
    const { dir, read } = await machine({ machine: { signing: { level: "B-X" }, audit: { syslogPort: 0 } }, user: { signing: { level: "B-B" } } });
    const effective = read();
    expect(effective.problems.map((p) => [p.source, p.path])).toEqual([[join(dir, "policy.json"), "signing.level"], [join(dir, "policy.json"), "audit.syslogPort"]]);
    expect(effective.settings.signing.level).toBe("B-B");
    expect(effective.settings.audit.syslogPort).toBe(514);
  });

  it("reads nothing from a file that is not JSON, and says so", async () => {
    const { read } = await machine({ machine: "{ not json" });
    const effective = read();
    expect(effective.sources[0]).toMatchObject({ rank: "machine-policy", state: "not-json" });
    expect(effective.settings).toEqual(DEFAULT_SETTINGS);
  });

  it("fills the host config's PKCS#11 modules and syslog target from the settings, the host config file keeping the last word", () => {
    const { settings } = validateSettings({ keys: { pkcs11ModulesLinux: ["/usr/lib/libvnpt-ca.so"] }, audit: { syslogHost: "siem.gialai.gov.vn" } });
    expect(hostConfigWithSettings({}, settings, "linux")).toEqual({ pkcs11Modules: ["/usr/lib/libvnpt-ca.so"], syslog: { host: "siem.gialai.gov.vn", port: 514, protocol: "udp" } });
    expect(hostConfigWithSettings({ pkcs11Modules: ["/own.so"] }, settings, "linux").pkcs11Modules).toEqual(["/own.so"]);
    expect(hostConfigWithSettings({}, settings, "win32").pkcs11Modules).toBeUndefined();
  });

  it("gives the host the policy's PKI SIM service (URL, AP id, profile, time-out, certificate folder) only when both URL and AP id are set", () => {
    const keys = { mobileSignatureUrl: "https://mssp.example.vn/MSS_SignaturePort", mobileSignatureApId: "http://ap.gialai.gov.vn", mobileSignatureCertificateDir: "/etc/kyso/sim" };
    expect(hostConfigWithSettings({}, validateSettings({ keys }).settings, "linux").mssService).toEqual({
      url: keys.mobileSignatureUrl, apId: keys.mobileSignatureApId, timeoutSeconds: 120, certificateDir: "/etc/kyso/sim",
    });
    expect(hostConfigWithSettings({}, validateSettings({ keys: { mobileSignatureUrl: keys.mobileSignatureUrl } }).settings, "linux").mssService).toBeUndefined();
  });
});
