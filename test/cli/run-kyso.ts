import { execFile, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";

const KYSO_BIN = resolve(import.meta.dirname, "../../bin/kyso.mjs");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI as `npx kyso` does, with a minimal environment (PATH plus `env`) and
 * `stdin` written then closed. Resolves with the exit code also on failure.
 */
export function runKyso(args: readonly string[], options: { env?: NodeJS.ProcessEnv; stdin?: string; onStart?: (child: ChildProcess) => void } = {}): Promise<CliRun> {
  return new Promise((resolvePromise) => {
    const child = execFile(process.execPath, [KYSO_BIN, ...args], { env: { PATH: process.env.PATH, ...options.env } }, (error, stdout, stderr) => {
      resolvePromise({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.end(options.stdin ?? "");
    options.onStart?.(child);
  });
}
