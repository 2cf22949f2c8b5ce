import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

/** The scripts the portal's pages load, by the name they are served under (/js/<name>). */
export const PAGE_SCRIPT_SOURCES: Readonly<Record<string, string>> = {
  "portal-page-api.js": "portal-page-api.ts",
  "portal-legacy-calls.js": "portal-legacy-calls.ts",
  "ca-plugin-alike.js": "ca-plugin-alike.ts",
};

/**
 * Bundles the page scripts once at start (TypeScript, type-checked with the repository, served
 * as plain browser scripts): a portal serves static JavaScript, the demo keeps one language.
 */
export async function bundlePageScripts(): Promise<Map<string, Uint8Array>> {
  const scripts = new Map<string, Uint8Array>();
  for (const [served, source] of Object.entries(PAGE_SCRIPT_SOURCES)) {
    const result = await esbuild.build({
      entryPoints: [fileURLToPath(new URL(`./${source}`, import.meta.url))],
      bundle: true,
      write: false,
      format: "iife",
      target: "chrome116",
      charset: "utf8",
    });
    scripts.set(served, result.outputFiles[0]!.contents);
  }
  return scripts;
}
