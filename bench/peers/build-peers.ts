/**
 * Compiles the peer scripts to plain ESM for `node`, so that a peer's wall time and RSS carry
 * no TypeScript loader (tsx) that kyso's own bundled CLI does not carry either. The libraries
 * stay external: Node loads them from node_modules as any application using them would, which
 * is why the output goes under node_modules/.cache (resolution walks up to node_modules).
 */
import { join, resolve } from "node:path";
import * as esbuild from "esbuild";

const root = resolve(import.meta.dirname, "../..");

export const PEER_SCRIPTS = ["libpdf-core-sign", "signpdf-sign"] as const;
export type PeerScript = (typeof PEER_SCRIPTS)[number];

/** Builds every peer script; returns the path of each compiled `.mjs` by script name. */
export async function buildPeerScripts(): Promise<Record<PeerScript, string>> {
  const outdir = join(root, "node_modules/.cache/kyso-bench/peers");
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: PEER_SCRIPTS.map((name) => join(import.meta.dirname, `${name}.ts`)),
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
  });
  return Object.fromEntries(PEER_SCRIPTS.map((name) => [name, join(outdir, `${name}.mjs`)])) as Record<PeerScript, string>;
}
