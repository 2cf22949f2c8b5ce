import { access, constants, readFile } from "node:fs/promises";
import { NATIVE_HOST_NAME } from "../../shared/extension-identity.js";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.js";
import { BROWSERS, hostLocation, type Browser, type Platform, type Scope } from "../install/host-locations.js";
import { isKysoManifest } from "../install/host-manifest.js";
import { readRegistryDefault } from "../install/windows-registry.js";
import { NativeHostClient } from "../host/native-host-client.js";
import { ok, problem, type CheckResult } from "./doctor-check.js";

const MIN_NODE = [20, 19] as const;
const INSTALL_FIX = { vi: "Chạy: npx kyso install", en: "Run: npx kyso install" };

export function checkNodeVersion(version: string = process.versions.node): CheckResult {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const good = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  const data = { version, required: `>=${MIN_NODE.join(".")}` };
  if (good) return ok("node-version", { vi: `Node.js ${version}`, en: `Node.js ${version}` }, data);
  return problem({ id: "node-version", status: "fail", message: { vi: `Node.js ${version} quá cũ`, en: `Node.js ${version} is too old` }, fix: { vi: "Cài Node.js 20.19 trở lên rồi chạy lại npx kyso install", en: "Install Node.js 20.19 or later, then run npx kyso install again" }, data });
}

export interface FoundRegistration {
  browser: Browser;
  scope: Scope;
  manifestPath: string;
  launcherPath?: string;
}

/** Which browsers have kyso's manifest, in either scope (and in a --user-data-dir profile). */
export async function findRegistrations(options: { platform: Platform; userDataDir?: string }): Promise<FoundRegistration[]> {
  const found: FoundRegistration[] = [];
  for (const browser of BROWSERS) {
    for (const scope of ["user", "system"] as const) {
      const location = hostLocation({ browser, scope, platform: options.platform, hostName: NATIVE_HOST_NAME, ...(options.userDataDir === undefined ? {} : { userDataDir: options.userDataDir }) });
      const manifestPath = location.kind === "directory" ? `${location.dir}/${NATIVE_HOST_NAME}.json` : await readRegistryDefault(location.key);
      if (!manifestPath || found.some((f) => f.manifestPath === manifestPath && f.browser === browser)) continue;
      try {
        const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as { path?: unknown };
        if (!isKysoManifest(manifest)) continue;
        found.push({ browser, scope, manifestPath, ...(typeof manifest.path === "string" ? { launcherPath: manifest.path } : {}) });
      } catch {
        // Not there.
      }
    }
  }
  return found;
}

export function checkRegistrations(found: readonly FoundRegistration[]): CheckResult {
  if (found.length === 0) {
    return problem({ id: "host-registered", status: "fail", message: { vi: "Chưa đăng ký kyso với trình duyệt nào", en: "kyso is not registered with any browser" }, fix: INSTALL_FIX });
  }
  const list = [...new Set(found.map((f) => `${f.browser} (${f.scope})`))].join(", ");
  return ok("host-registered", { vi: `Đã đăng ký với: ${list}`, en: `Registered with: ${list}` }, { registrations: found });
}

/** Starts each registered launcher as a browser would and waits for its hello. */
export async function checkLaunchers(found: readonly FoundRegistration[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const launcherPath of new Set(found.flatMap((f) => (f.launcherPath ? [f.launcherPath] : [])))) {
    const id = "launcher-runnable";
    try {
      await access(launcherPath, constants.X_OK);
      const started = performance.now();
      // A browser's PATH may lack node: the launcher must not depend on it.
      const client = NativeHostClient.start({ command: launcherPath, env: { ...process.env, PATH: "/usr/bin:/bin" } });
      try {
        const { message } = await client.request({ id: "doctor", method: "hello", params: { protocolVersion: PROTOCOL_VERSION, extensionVersion: "doctor" } });
        if (!("result" in message)) throw new Error("error" in message ? message.error.code : "no answer");
      } finally {
        await client.close();
      }
      const ms = Math.round(performance.now() - started);
      results.push(ok(id, { vi: `Chương trình kyso chạy được (${launcherPath}, trả lời sau ${ms} ms)`, en: `The kyso launcher runs (${launcherPath}, answered in ${ms} ms)` }, { launcherPath, ms }));
    } catch (error) {
      results.push(problem({
        id, status: "fail",
        message: { vi: `Không chạy được chương trình kyso ${launcherPath}`, en: `The kyso launcher ${launcherPath} does not run` },
        fix: { vi: "Cài lại: npx kyso install (đường dẫn Node.js hoặc kyso đã thay đổi)", en: "Reinstall: npx kyso install (Node.js or kyso has moved)" },
        data: { launcherPath, detail: error instanceof Error ? error.message : String(error) },
      }));
    }
  }
  return results;
}
