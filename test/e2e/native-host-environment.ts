/**
 * Gives one suite's native host an environment of its own. Chromium starts the host through
 * the launcher that `kyso install` wrote (sidecar/install/launcher-script.ts) and the host
 * otherwise inherits whatever the test process's environment was when Chromium started;
 * variables exported in the launcher apply to this profile's host only, whatever other suites
 * in the same worker set in process.env.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { NATIVE_HOST_NAME } from "../../shared/extension-identity.js";

const shellQuote = (value: string) => `'${value.replace(/'/g, "'\\''")}'`;

/** Adds `export NAME='value'` lines before the launcher's exec, for the host of Chromium profile `userDataDir`. */
export async function exportToNativeHost(userDataDir: string, variables: Record<string, string>): Promise<void> {
  const manifest = JSON.parse(await readFile(join(userDataDir, "NativeMessagingHosts", `${NATIVE_HOST_NAME}.json`), "utf8")) as { path: string };
  const launcher = await readFile(manifest.path, "utf8");
  const execAt = launcher.indexOf("\nexec ");
  if (execAt < 0) throw new Error(`${manifest.path} has no exec line: not the launcher kyso install writes`);
  const exports = Object.entries(variables).map(([name, value]) => `export ${name}=${shellQuote(value)}`).join("\n");
  await writeFile(manifest.path, `${launcher.slice(0, execAt)}\n${exports}${launcher.slice(execAt)}`);
}
