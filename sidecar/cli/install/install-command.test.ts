import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runKyso } from "../../../test/cli/run-kyso.js";
import { testServices } from "../../../test/setup/test-services.js";

const { softhsm, tsaUrl } = testServices();

async function sandbox() {
  const home = await mkdtemp(join(tmpdir(), "kyso-install-"));
  const env = { HOME: home, XDG_DATA_HOME: join(home, "data"), KYSO_STATE_DIR: join(home, "state"), KYSO_CONFIG: join(home, "config.json"), SOFTHSM2_CONF: softhsm.configFile };
  return { home, env, kyso: (args: string[]) => runKyso(args, { env }) };
}

type Check = { id: string; status: string; message: { vi: string; en: string }; fix?: { vi: string } };

describe("kyso install, doctor and uninstall", () => {
  it("registers the host for a Chromium profile, doctor finds it runnable, uninstall leaves nothing behind", async () => {
    const { home, kyso } = await sandbox();
    const profile = join(home, "profile");
    const installed = await kyso(["install", "--scope", "user", "--browser", "chromium", "--user-data-dir", profile]);
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).toContain("Đã đăng ký cho chromium");
    const manifest = JSON.parse(await readFile(join(profile, "NativeMessagingHosts/vn.kyso.sidecar.json"), "utf8")) as { path: string };
    expect(await readFile(manifest.path, "utf8")).toContain(`exec '${process.execPath}'`);

    const doctor = await kyso(["doctor", "--json", "--user-data-dir", profile, "--module", softhsm.modulePath, "--tsa", tsaUrl]);
    const report = JSON.parse(doctor.stdout) as { ok: boolean; checks: Check[] };
    const status = (id: string) => report.checks.filter((c) => c.id === id).map((c) => c.status);
    expect(status("host-registered")).toEqual(["ok"]);
    expect(status("launcher-runnable")).toEqual(["ok"]);
    expect(status("node-version")).toEqual(["ok"]);
    expect(status("pkcs11-modules")).toEqual(["ok"]);
    expect(status("certificates").length).toBe(softhsm.objects.length);
    expect(status("tsa-reachable")).toEqual(["ok"]);
    expect(doctor.code, doctor.stdout).toBe(report.ok ? 0 : 1);

    const removed = await kyso(["uninstall", "--browser", "chromium", "--user-data-dir", profile]);
    expect(removed.code, removed.stderr).toBe(0);
    // The host's own log (state/, written when doctor ran it) is not part of the installation.
    const left = (await readdir(home, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && !e.parentPath.startsWith(join(home, "state")));
    expect(left.map((e) => e.name)).toEqual([]);
  });

  it("explains in Vietnamese what is missing, with a fix for each problem, and exits 1", async () => {
    const { kyso } = await sandbox();
    const doctor = await kyso(["doctor", "--tsa", "http://127.0.0.1:9/tsa"]);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain("✘ Chưa đăng ký kyso với trình duyệt nào");
    expect(doctor.stdout).toContain("→ Cách khắc phục: Chạy: npx kyso install");
    expect(doctor.stdout).toContain("Không kết nối được máy chủ dấu thời gian http://127.0.0.1:9/tsa");
  });

});
