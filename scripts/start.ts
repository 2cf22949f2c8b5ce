/**
 * `npm start`: the main job on embedded defaults. For now it builds everything and shows
 * what the built CLI offers; the full demo (demo PKI and token, demo portal, Chromium with
 * the extension, signing, verification, mail) arrives with the issue "First run as a newcomer".
 */
import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    process.stderr.write(`kyso start: ${command} ${args.join(" ")} failed\n`);
    process.exit(result.status ?? 1);
  }
}

run(resolve(root, "node_modules/.bin/tsx"), [resolve(root, "scripts/build.ts")]);
process.stdout.write(`
kyso đã được build / kyso is built:
  dist/chrome/    tiện ích cho Chrome, Edge, Chromium / extension for Chromium browsers
  dist/firefox/   tiện ích cho Firefox / extension for Firefox
  dist/sidecar/   phần mềm kyso trên máy (CLI, native host) / the local sidecar

`);
run(process.execPath, [resolve(root, "bin/kyso.mjs"), "--help"]);
