/**
 * Cold start of the native messaging host: from spawning `node dist/sidecar/kyso-host.mjs`
 * (what the installed launcher execs) to its answer to the first `hello`, as a browser sees
 * it. Floor: node starting a minimal ESM host that answers one frame — what any Node host
 * costs on this machine. Runs are interleaved so that machine load hits both alike.
 *
 *   npx tsx bench/host-startup-bench.ts [--runs N]
 * or from bench/run-all.ts: runHostStartupBench() + hostStartupReport().
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { NativeHostClient } from "../sidecar/host/native-host-client.js";

const root = resolve(import.meta.dirname, "..");
const HOST_BUNDLE = join(root, "dist/sidecar/kyso-host.mjs");
/** Issue 6 target: cold start to first answered hello. */
export const TARGET_MS = 150;

const FLOOR_HOST = `process.stdin.once("data", (data) => {
  const body = Buffer.from(JSON.stringify({ v: 1, id: JSON.parse(data.subarray(4).toString()).id, result: {} }));
  const header = Buffer.alloc(4); header.writeUInt32LE(body.length);
  process.stdout.write(Buffer.concat([header, body]), () => process.exit(0));
});\n`;

export interface HostStartupRow {
  name: string;
  medianMs: number;
  p90Ms: number;
  minMs: number;
  runs: number;
}

async function firstHelloMs(script: string, env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const client = NativeHostClient.start({ command: process.execPath, args: [script], env });
  const { message } = await client.hello();
  const elapsed = performance.now() - started;
  await client.close();
  if (!("result" in message)) throw new Error(`${script} answered hello with an error`);
  return elapsed;
}

function row(name: string, times: number[]): HostStartupRow {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
  return { name, medianMs: at(0.5), p90Ms: at(0.9), minMs: sorted[0]!, runs: sorted.length };
}

export async function runHostStartupBench(options: { runs: number; progress?: (line: string) => void }): Promise<HostStartupRow[]> {
  const dir = await mkdtemp(join(tmpdir(), "kyso-host-bench-"));
  try {
    const floorScript = join(dir, "floor-host.mjs");
    await writeFile(floorScript, FLOOR_HOST);
    const env = { PATH: process.env.PATH, KYSO_STATE_DIR: join(dir, "state"), KYSO_CONFIG: join(dir, "config.json") };
    const host: number[] = [];
    const floor: number[] = [];
    await firstHelloMs(HOST_BUNDLE, env); // warm the file cache, as on a machine where the browser ran kyso before
    for (let i = 0; i < options.runs; i += 1) {
      host.push(await firstHelloMs(HOST_BUNDLE, env));
      floor.push(await firstHelloMs(floorScript, env));
      options.progress?.(`host start-up ${i + 1}/${options.runs}: kyso ${host.at(-1)!.toFixed(0)} ms, floor ${floor.at(-1)!.toFixed(0)} ms`);
    }
    return [row("kyso-host.mjs (first hello answered)", host), row("floor: node + one-frame host", floor)];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function hostStartupReport(rows: readonly HostStartupRow[]): string {
  const [host, floor] = rows;
  const lines = [
    "## Native host cold start (spawn → first hello answered)",
    "",
    "| program | median ms | p90 ms | min ms | runs |",
    "|---|---:|---:|---:|---:|",
    ...rows.map((r) => `| ${r.name} | ${r.medianMs.toFixed(0)} | ${r.p90Ms.toFixed(0)} | ${r.minMs.toFixed(0)} | ${r.runs} |`),
  ];
  if (host && floor) {
    lines.push("", `Target ≤ ${TARGET_MS} ms: ${host.medianMs <= TARGET_MS ? "met" : "NOT met"} (median); kyso above the node floor: +${(host.medianMs - floor.medianMs).toFixed(0)} ms.`);
  }
  return `${lines.join("\n")}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const runsFlag = process.argv.indexOf("--runs");
  const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 20;
  const load = () => loadavg().map((l) => l.toFixed(2)).join(" / ");
  const before = load();
  const rows = await runHostStartupBench({ runs, progress: (line) => process.stderr.write(`${line}\n`) });
  console.log(hostStartupReport(rows));
  console.log(`Load average before: ${before}; after: ${load()}`);
}
