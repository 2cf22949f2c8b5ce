/**
 * Signing benchmark (issue "PDF signing engine"): kyso sign against the floor (sha256sum + cp
 * of the same file: reading and writing every byte once) and the peers — poppler's
 * pdfsig -add-signature, @libpdf/core and @signpdf/signpdf — on generated 1 MB, 10 MB and
 * 100 MB files, same machine, same run, medians.
 *
 * Runs are interleaved (floor, kyso, peers, then again) so that a load spike from whatever
 * else runs on the machine falls on every tool alike and the ratios stay fair. Each signer's
 * output is checked once per size with pdfsig; an output that does not verify is reported as
 * such instead of being timed, and a signer that crashes (e.g. out of memory) keeps its crash
 * as its result.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeLargePdf } from "./large-pdf.js";
import { measure, median, type Measurement } from "./measure-command.js";
import { pdfsigProblem } from "./pdfsig-verdict.js";
import { prepareSignTools, type SignTool } from "./sign-tools.js";

export interface SignBenchRow {
  sizeMB: number;
  tool: string;
  role: SignTool["role"];
  /** Median over the successful runs; for a failed tool, the failing run's numbers. */
  wallSeconds: number;
  peakRssMiB: number;
  /** "failed: …" when the signer crashed, "invalid: …" when pdfsig rejected its output. */
  failure?: string;
  /** Absent when the floor is too short for GNU time (10 ms resolution) to give a ratio. */
  ratioToFloor?: number;
}

/** GNU time reports wall time in hundredths of a second: below this a ratio means nothing. */
const SHORTEST_MEASURABLE_FLOOR_SECONDS = 0.02;

interface ToolState {
  tool: SignTool;
  outputPdf: string;
  samples: Measurement[];
  failure?: string;
}

async function runOnce(state: ToolState, options: { inputPdf: string; env: NodeJS.ProcessEnv; verify: boolean }): Promise<void> {
  const job = { inputPdf: options.inputPdf, outputPdf: state.outputPdf };
  const measured = await measure(state.tool.command(job), { env: options.env, before: () => rm(state.outputPdf, { force: true }) });
  if (measured.failure !== undefined) {
    state.samples = [measured];
    state.failure = `failed: ${measured.failure}`;
    return;
  }
  state.samples.push(measured);
  if (!options.verify || state.tool.role === "floor") return;
  const problem = await pdfsigProblem(state.outputPdf);
  if (problem !== undefined) state.failure = `invalid: ${problem}`;
}

function rowOf(state: ToolState, sizeMB: number): Omit<SignBenchRow, "ratioToFloor"> {
  return {
    sizeMB,
    tool: state.tool.name,
    role: state.tool.role,
    wallSeconds: median(state.samples.map((s) => s.wallSeconds)),
    peakRssMiB: median(state.samples.map((s) => s.peakRssMiB)),
    ...(state.failure === undefined ? {} : { failure: state.failure }),
  };
}

export async function runSignBench(options: { sizesMB: number[]; runs: number; progress?: (line: string) => void }): Promise<SignBenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), "kyso-bench-sign-"));
  try {
    const { tools, env } = await prepareSignTools(dir);
    const rows: SignBenchRow[] = [];
    for (const sizeMB of options.sizesMB) {
      const inputPdf = join(dir, `in-${sizeMB}.pdf`);
      await writeLargePdf(inputPdf, sizeMB * 1_000_000);
      const states: ToolState[] = tools.map((tool, index) => ({ tool, outputPdf: join(dir, `out-${sizeMB}-${index}.pdf`), samples: [] }));
      for (let round = 0; round < options.runs; round += 1) {
        for (const state of states.filter((s) => s.failure === undefined)) {
          await runOnce(state, { inputPdf, env, verify: round === 0 });
          options.progress?.(`${sizeMB} MB, run ${round + 1}/${options.runs}: ${state.tool.name} ${state.failure ?? `${state.samples.at(-1)!.wallSeconds.toFixed(2)} s`}`);
        }
      }
      const sizeRows = states.map((state) => rowOf(state, sizeMB));
      const floor = sizeRows.find((r) => r.role === "floor")!;
      const ratioPossible = floor.failure === undefined && floor.wallSeconds >= SHORTEST_MEASURABLE_FLOOR_SECONDS;
      for (const row of sizeRows) rows.push({ ...row, ...(ratioPossible && row.failure === undefined ? { ratioToFloor: row.wallSeconds / floor.wallSeconds } : {}) });
      for (const path of [inputPdf, ...states.map((s) => s.outputPdf)]) await rm(path, { force: true });
    }
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
