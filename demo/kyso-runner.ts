import { runKyso, type CliRun } from "../test/cli/run-kyso.js";

/**
 * Runs the built CLI (`bin/kyso.mjs`, as `npx kyso` does) with the demo's environment: its
 * own kyso state directory and config file, so the demo never touches the user's, plus what
 * a step adds (SOFTHSM2_CONF, a password variable).
 */
export type KysoRunner = (args: readonly string[], options?: { env?: Record<string, string>; stdin?: string }) => Promise<CliRun>;

export function kysoRunner(baseEnv: Record<string, string>): KysoRunner {
  return (args, options = {}) => runKyso(args, { env: { ...baseEnv, ...options.env }, ...(options.stdin === undefined ? {} : { stdin: options.stdin }) });
}
