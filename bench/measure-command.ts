import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { promisify } from "node:util";

export interface Measurement {
  wallSeconds: number;
  peakRssMiB: number;
  /** Set when the command did not succeed: why, in a few words ("heap out of memory"). */
  failure?: string;
}

interface ExecFailure {
  code?: number | string;
  stderr?: string;
}

/** The few words that say why a measured command failed, from its stderr. */
function failureReason(error: ExecFailure): string {
  const stderr = error.stderr ?? "";
  // V8 prints "FATAL ERROR: ... JavaScript heap out of memory" and aborts (signal 6).
  if (/heap out of memory/i.test(stderr)) return "heap out of memory";
  if (/Killed|signal 9/.test(stderr)) return "killed (out of memory?)";
  const lines = stderr.split("\n").map((line) => line.trim()).filter((line) => line !== "" && !/^(Command |Node\.js v)/.test(line));
  // An uncaught JavaScript error: its "TypeError: …" line says more than the stack below it.
  const said = lines.find((line) => /^\w*Error\b/.test(line)) ?? lines.pop();
  return said?.slice(0, 120) ?? `exit status ${String(error.code ?? "?")}`;
}

/**
 * Runs a command under GNU time and reads its wall time and peak RSS (the largest of the
 * processes it waited for). `bash -c` lets a measured "command" be a pipeline, like the floor.
 * A failing command is a result too: its time and RSS up to the failure, and the reason.
 */
export async function measure(command: string, options: { env?: NodeJS.ProcessEnv; before?: () => Promise<void> } = {}): Promise<Measurement> {
  await options.before?.();
  const report = `/tmp/kyso-bench-time-${process.pid}.txt`;
  let failure: string | undefined;
  try {
    await promisify(execFile)("/usr/bin/time", ["-f", "%e %M", "-o", report, "bash", "-c", command], { env: { ...process.env, ...options.env }, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    failure = failureReason(error as ExecFailure);
  }
  // On failure GNU time writes "Command exited with non-zero status N" before the format line.
  const lastLine = (await readFile(report, "utf8")).trim().split("\n").pop() ?? "";
  const [wall, rssKiB] = lastLine.split(/\s+/).map(Number) as [number, number];
  await rm(report, { force: true });
  return { wallSeconds: wall, peakRssMiB: rssKiB / 1024, ...(failure === undefined ? {} : { failure }) };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
