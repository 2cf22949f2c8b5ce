import { execFile, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const KYSO_BIN = resolve(import.meta.dirname, "../../bin/kyso.mjs");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

let defaultStateDir: string | undefined;

/** The state folder (audit log, outbox, demo key) of a run whose test names none: never the real user's. */
function stateDir(): string {
  defaultStateDir ??= mkdtempSync(join(tmpdir(), "kyso-cli-state-"));
  return defaultStateDir;
}

/**
 * Runs the built CLI as `npx kyso` does, with a minimal environment (PATH plus `env`) and
 * `stdin` written then closed, with a private KYSO_STATE_DIR unless `env` names one. Resolves with the exit code also on failure.
 */
export function runKyso(args: readonly string[], options: { env?: NodeJS.ProcessEnv; stdin?: string; onStart?: (child: ChildProcess) => void } = {}): Promise<CliRun> {
  return new Promise((resolvePromise) => {
    const child = execFile(process.execPath, [KYSO_BIN, ...args], { env: { PATH: process.env.PATH, KYSO_STATE_DIR: stateDir(), ...options.env } }, (error, stdout, stderr) => {
      resolvePromise({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.end(options.stdin ?? "");
    options.onStart?.(child);
  });
}
