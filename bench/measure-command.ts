import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { promisify } from "node:util";

export interface Measurement {
  wallSeconds: number;
  peakRssMiB: number;
}

/**
 * Runs a command under GNU time and reads its wall time and peak RSS (the largest of the
 * processes it waited for). `bash -c` lets a measured "command" be a pipeline, like the floor.
 */
export async function measure(command: string, options: { env?: NodeJS.ProcessEnv; before?: () => Promise<void> } = {}): Promise<Measurement> {
  await options.before?.();
  const report = `/tmp/kyso-bench-time-${process.pid}.txt`;
  await promisify(execFile)("/usr/bin/time", ["-f", "%e %M", "-o", report, "bash", "-c", command], { env: { ...process.env, ...options.env }, maxBuffer: 16 * 1024 * 1024 });
  const [wall, rssKiB] = (await readFile(report, "utf8")).trim().split(/\s+/).map(Number) as [number, number];
  await rm(report, { force: true });
  return { wallSeconds: wall, peakRssMiB: rssKiB / 1024 };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
