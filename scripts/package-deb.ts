/**
 * Builds the Debian package (npm run package:deb [-- --out DIR]) with dpkg-deb, from dist/sidecar:
 *   /opt/kyso/                 the sidecar bundle, kyso-host.sh (the native host launcher)
 *   /usr/bin/kyso              the CLI
 *   native host manifests      Chrome, Chromium, Edge and Firefox, system scope (host-locations.ts)
 *   /usr/share/kyso/policy-templates/   every policy template, with the defaults
 * Maintainer scripts run nothing but removing the directories the package created, when empty.
 */
import { execFile } from "node:child_process";
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { NATIVE_HOST_NAME } from "../shared/extension-identity.js";
import { DEFAULT_SETTINGS } from "../shared/policy/validate-settings.js";
import { DEFAULT_INSTALL_SOURCES } from "../sidecar/config/browser-policy-targets.js";
import { policyTemplateFiles } from "../sidecar/cli/policy/templates/policy-template-files.js";
import { BROWSERS, hostLocation } from "../sidecar/install/host-locations.js";
import { hostManifest } from "../sidecar/install/host-manifest.js";
import { launcherScript } from "../sidecar/install/launcher-script.js";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "..");
const INSTALL_DIR = "/opt/kyso";
const LAUNCHER = `${INSTALL_DIR}/kyso-host.sh`;
// Debian's nodejs package puts node here; the launcher names it absolutely (browsers start hosts with a bare PATH).
const NODE = "/usr/bin/node";

const manifestDirs = () => BROWSERS.map((browser) => ({ browser, dir: (hostLocation({ browser, scope: "system", platform: "linux", hostName: NATIVE_HOST_NAME }) as { dir: string }).dir }));

async function writeInto(staging: string, entry: { path: string; text: string | Buffer; mode?: number }): Promise<void> {
  const { path, text, mode = 0o644 } = entry;
  const file = join(staging, path);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
  await chmod(file, mode);
}

function maintainerScripts(): Record<string, string> {
  const dirs = [...manifestDirs().map((m) => m.dir), "/usr/share/kyso/policy-templates", "/usr/share/kyso", INSTALL_DIR];
  return {
    // Nothing to start or configure: the browsers find the manifests on their next native connection.
    postinst: `#!/bin/sh\nset -e\necho "kyso: installed; check with: kyso doctor"\nexit 0\n`,
    // dpkg removes the package's files; remove the directories it created once empty (never anything else).
    postrm: `#!/bin/sh\nset -e\nif [ "$1" = remove ] || [ "$1" = purge ]; then\n${dirs.map((dir) => `  rmdir --ignore-fail-on-non-empty "${dir}" 2>/dev/null || true\n`).join("")}fi\nexit 0\n`,
  };
}

export async function packageDeb(outDir: string): Promise<string> {
  const version = (JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { version: string }).version;
  const architecture = (await run("dpkg", ["--print-architecture"])).stdout.trim();
  const staging = await mkdtemp(join(tmpdir(), "kyso-deb-"));
  // The staging root becomes the package's "./": keep it as a root directory is (mkdtemp makes it 0700).
  await chmod(staging, 0o755);
  try {
    await cp(join(root, "dist/sidecar"), join(staging, INSTALL_DIR), { recursive: true, filter: (source) => !source.endsWith(".map") }).catch((error: unknown) => {
      throw new Error("dist/sidecar is missing: run npm run build first", { cause: error });
    });
    await writeInto(staging, { path: LAUNCHER, text: launcherScript({ platform: "linux", nodePath: NODE, hostBundlePath: `${INSTALL_DIR}/kyso-host.mjs` }), mode: 0o755 });
    await writeInto(staging, { path: "/usr/bin/kyso", text: `#!/bin/sh\nexec ${NODE} ${INSTALL_DIR}/kyso.mjs "$@"\n`, mode: 0o755 });
    for (const { browser, dir } of manifestDirs()) await writeInto(staging, { path: `${dir}/${NATIVE_HOST_NAME}.json`, text: `${JSON.stringify(hostManifest({ browser, launcherPath: LAUNCHER }), null, 2)}\n` });
    for (const file of policyTemplateFiles(DEFAULT_SETTINGS, DEFAULT_INSTALL_SOURCES)) await writeInto(staging, { path: `/usr/share/kyso/policy-templates/${file.path}`, text: file.contents });
    const control = [
      "Package: kyso",
      `Version: ${version}`,
      `Architecture: ${architecture}`,
      "Maintainer: kyso <kyso@kyso.vn>",
      "Depends: nodejs (>= 20.19)",
      "Section: utils",
      "Priority: optional",
      "Description: kyso — ký số và thư công vụ / digital signing and official mail",
      " The kyso program for the kyso browser extension (native messaging host vn.kyso.sidecar),",
      " the kyso command line, and policy templates for IT in /usr/share/kyso/policy-templates.",
      "",
    ].join("\n");
    await writeInto(staging, { path: "DEBIAN/control", text: control });
    for (const [name, script] of Object.entries(maintainerScripts())) await writeInto(staging, { path: `DEBIAN/${name}`, text: script, mode: 0o755 });
    await mkdir(outDir, { recursive: true });
    const deb = join(outDir, `kyso_${version}_${architecture}.deb`);
    await run("dpkg-deb", ["--root-owner-group", "--build", staging, deb]);
    return deb;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const at = process.argv.indexOf("--out");
  const deb = await packageDeb(resolve(at > 0 ? process.argv[at + 1]! : join(root, "dist/deb")));
  console.log(`kyso: built ${deb}`);
}
