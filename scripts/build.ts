/**
 * Builds everything into dist/:
 *   dist/chrome/   the extension for Chromium browsers (MV3 service worker)
 *   dist/firefox/  the extension for Firefox (MV3 background.scripts + gecko id)
 *   dist/sidecar/  kyso.mjs (CLI) and kyso-host.mjs (native messaging host), with the native addons beside them
 * Both extension builds come from the one manifest.json at the top of the repository.
 *
 * Extension pages and scripts are found by convention, so that adding a page never means
 * editing this file: every `<dir>/<name>.entry.ts` under extension/ is bundled to `<dir>/<name>.js`,
 * and every `.html`, `.css`, `.png` and `.svg` under extension/ (except _locales) is copied to
 * the same relative path.
 *
 * Each target is built in a directory of its own and renamed into place, so that a test run
 * that starts while another build is running sees the old build or the new one, never none.
 */
import { copyFile, cp, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { ERROR_CODES } from "../shared/protocol/error-codes.js";
import { chromeManagedSchema } from "../shared/policy/chrome-managed-schema.js";
import { ERROR_MESSAGES, type Language } from "../shared/protocol/error-messages.js";

const MANAGED_SCHEMA_FILE = "managed_schema.json";
/** chrome.i18n message names: ASCII letters, digits and underscore (extension i18n docs). */
const MESSAGE_NAME = /^[A-Za-z0-9_]+$/;
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");

type Manifest = Record<string, unknown> & { background?: Record<string, unknown> };

export function chromeManifest(source: Manifest): Manifest {
  const manifest: Manifest = structuredClone(source);
  delete manifest.browser_specific_settings;
  manifest.background = { service_worker: "background.js" };
  // IT's policy arrives in storage.managed, described by the schema generated from shared/policy.
  manifest.storage = { managed_schema: MANAGED_SCHEMA_FILE };
  return manifest;
}

export function firefoxManifest(source: Manifest): Manifest {
  const manifest: Manifest = structuredClone(source);
  // Firefox MV3 has no extension service workers: the same script runs as an event page.
  manifest.background = { scripts: ["background.js"] };
  // Chromium-only keys that Firefox rejects or warns about; Firefox's ID is the gecko id.
  delete manifest.key;
  delete manifest.minimum_chrome_version;
  return manifest;
}

/**
 * _locales/<lang>/messages.json, merged with each area's own `<dir>/messages.<lang>.json`
 * under extension/ (so a page keeps its strings beside its code), plus one `error_<CODE>`
 * entry per error code. A key defined twice fails the build.
 */
async function writeLocales(outDir: string, files: string[]): Promise<void> {
  for (const language of ["vi", "en"] satisfies Language[]) {
    const messages = JSON.parse(await readFile(join(root, "extension/_locales", language, "messages.json"), "utf8")) as Record<string, unknown>;
    for (const file of files.filter((name) => basename(name) === `messages.${language}.json`)) {
      for (const [key, value] of Object.entries(JSON.parse(await readFile(join(root, "extension", file), "utf8")) as Record<string, unknown>)) {
        if (key in messages) throw new Error(`extension/${file}: message ${key} is already defined`);
        // Chromium refuses the whole extension (no service worker, nothing listed) over one bad name.
        if (!MESSAGE_NAME.test(key)) throw new Error(`extension/${file}: message name ${key} may only hold ASCII letters, digits and _`);
        messages[key] = value;
      }
    }
    for (const code of ERROR_CODES) messages[`error_${code}`] = { message: ERROR_MESSAGES[code][language] };
    await mkdir(join(outDir, "_locales", language), { recursive: true });
    await writeFile(join(outDir, "_locales", language, "messages.json"), `${JSON.stringify(messages, null, 2)}\n`);
  }
}

const ENTRY_SUFFIX = ".entry.ts";
const STATIC_FILE = /\.(html|css|png|svg)$/;

/** Every file under `dir`, as paths relative to the extension's source root. */
async function extensionFiles(dir = join(root, "extension")): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "_locales") found.push(...(await extensionFiles(path)));
    } else {
      found.push(relative(join(root, "extension"), path));
    }
  }
  return found;
}

/** Builds into a fresh sibling directory, then swaps it in: readers never see a half-built dist. */
async function buildAtomically(finalDir: string, build: (outDir: string) => Promise<void>): Promise<void> {
  const staging = `${finalDir}.building-${process.pid}`;
  const retired = `${finalDir}.old-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    await build(staging);
    await rename(finalDir, retired).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    });
    await rename(staging, finalDir);
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rm(retired, { recursive: true, force: true });
  }
}

async function buildExtension(target: "chrome" | "firefox", manifest: Manifest): Promise<void> {
  await buildAtomically(join(dist, target), (outDir) => buildExtensionInto(outDir, target, manifest));
}

async function buildExtensionInto(outDir: string, target: "chrome" | "firefox", manifest: Manifest): Promise<void> {
  const files = await extensionFiles();
  const entryPoints: Record<string, string> = { background: "extension/background/service-worker.ts" };
  for (const file of files.filter((name) => name.endsWith(ENTRY_SUFFIX))) entryPoints[file.slice(0, -ENTRY_SUFFIX.length)] = join("extension", file);
  await esbuild.build({
    absWorkingDir: root,
    entryPoints,
    outdir: outDir,
    bundle: true,
    // IIFE runs both as a Chromium service worker and as a Firefox background script.
    format: "iife",
    target: target === "chrome" ? "chrome116" : "firefox140",
    // Minified: the service worker starts on every event; source maps keep it debuggable.
    minify: true,
    sourcemap: "linked",
    logLevel: "warning",
  });
  for (const file of files.filter((name) => STATIC_FILE.test(name))) await cp(join(root, "extension", file), join(outDir, file));
  // Visible Decree 30 appearances embed Tinos (OFL) subsets; the background reads them from fonts/.
  await cp(join(root, "shared/appearance/fonts"), join(outDir, "fonts"), { recursive: true });
  await writeLocales(outDir, files);
  await writeFile(join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  if (target === "chrome") await writeFile(join(outDir, MANAGED_SCHEMA_FILE), `${JSON.stringify(chromeManagedSchema(), null, 2)}\n`);
}

/**
 * esbuild cannot bundle native addons: copy each `.node` file next to the bundle and load
 * it from there, so dist/sidecar/ is self-contained.
 */
function nativeAddonPlugin(outDir: string): esbuild.Plugin {
  return {
    name: "native-addon-beside-bundle",
    setup(build) {
      build.onResolve({ filter: /\.node$/ }, async (args) => {
        const source = resolve(args.resolveDir, args.path);
        await copyFile(source, join(outDir, basename(source)));
        return { path: `./${basename(source)}`, external: true };
      });
    },
  };
}

async function buildSidecar(): Promise<void> {
  await buildAtomically(join(dist, "sidecar"), buildSidecarInto);
}

async function buildSidecarInto(outDir: string): Promise<void> {
  await esbuild.build({
    absWorkingDir: root,
    // The PKCS#11 worker thread's entry (token-worker-client.ts loads it from beside its chunk).
    // kyso-host: the native messaging host the browser starts (sidecar/host), its own entry so
    // that its first chunk holds only framing, session and hello (cold start ≤ 150 ms).
    entryPoints: { kyso: "sidecar/cli/entry.ts", "kyso-host": "sidecar/host/host-entry.ts", "pkcs11-token-worker": "sidecar/keys/pkcs11/token-worker.ts" },
    outdir: outDir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    // Code split at the CLI's dynamic imports: `kyso --version` and the native host's first
    // `hello` load only the entry chunk, not the PDF, CMS and PKCS#11 code.
    splitting: true,
    // Chunks beside the entry: a chunk's require("./pkcs11.node") resolves from its own directory.
    chunkNames: "[name]-[hash]",
    platform: "node",
    format: "esm",
    target: "node20",
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __kysoCreateRequire } from 'node:module'; const require = __kysoCreateRequire(import.meta.url);" },
    plugins: [nativeAddonPlugin(outDir)],
    sourcemap: "linked",
    logLevel: "warning",
  });
  // The Decree 30 appearances embed Tinos (OFL); ship it and its licence with the sidecar so
  // dist/sidecar/ works on its own (installers copy only that folder).
  await cp(join(root, "shared/appearance/fonts"), join(outDir, "fonts"), { recursive: true });
}

async function main(): Promise<void> {
  const started = performance.now();
  const manifest = JSON.parse(await readFile(join(root, "manifest.json"), "utf8")) as Manifest;
  await Promise.all([buildExtension("chrome", chromeManifest(manifest)), buildExtension("firefox", firefoxManifest(manifest)), buildSidecar()]);
  console.log(`kyso: built dist/chrome, dist/firefox, dist/sidecar in ${Math.round(performance.now() - started)} ms`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
