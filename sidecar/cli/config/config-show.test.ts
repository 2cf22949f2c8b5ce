import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runKyso } from "../../../test/cli/run-kyso.js";

type Check = { id: string; status: string; message: { vi: string; en: string }; data?: { sourceOf?: Record<string, string> } };

describe("kyso config show and kyso doctor: the effective settings and where each came from", () => {
  it("shows each value with its source, and doctor warns about the invalid policy entry", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kyso-config-show-"));
    const policy = join(dir, "policy.json");
    await writeFile(policy, JSON.stringify({ signing: { level: "B-LTA", hash: "MD5" } }));
    await writeFile(join(dir, "config.json"), JSON.stringify({ ui: { language: "en" }, maxMessageBytes: 1048576 }));
    const env = { HOME: dir, KYSO_MACHINE_POLICY: policy, KYSO_BROWSER_POLICY_DIRS: "", KYSO_CONFIG: join(dir, "config.json"), KYSO_STATE_DIR: join(dir, "state") };

    const shown = await runKyso(["config", "show"], { env });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`signing.level = "B-LTA"  ← ${policy}`);
    expect(shown.stdout).toContain(`ui.language = "en"  ← ${join(dir, "config.json")}`);
    expect(shown.stdout).toContain(`signing.hash = "SHA-256"  ← mặc định`);
    expect(shown.stdout).toContain(`✘ ${policy}: signing.hash: phải là một trong: SHA-256, SHA-384, SHA-512`);
    expect(shown.stdout).not.toContain("maxMessageBytes");

    const doctor = await runKyso(["doctor", "--json"], { env });
    const checks = (JSON.parse(doctor.stdout) as { checks: Check[] }).checks;
    const settings = checks.find((c) => c.id === "settings")!;
    expect(settings.status).toBe("ok");
    expect(settings.data?.sourceOf?.["signing.level"]).toBe(policy);
    const invalid = checks.filter((c) => c.id === "settings-invalid");
    expect(invalid.map((c) => c.status)).toEqual(["warn"]);
    expect(invalid[0]?.message.en).toContain("signing.hash: must be one of");
  }, 60_000);
});
