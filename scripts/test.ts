/**
 * `npm test`: the whole test suite, as CI runs it (.ci/run).
 *   1. installs the Debian packages the real test services need, if any is missing
 *   2. builds dist/ (the e2e tests load the built extension and sidecar)
 *   3. typecheck (tsc, strict) and lint (eslint, typescript-eslint)
 *   4. vitest: unit, service and end-to-end tests against real components
 * Stops at the first failing step. Arguments after `--` go to vitest (e.g. a file filter).
 */
import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name: string) => resolve(root, "node_modules/.bin", name);

function step(title: string, command: string, args: string[]): Promise<void> {
  process.stdout.write(`\n▶ ${title}\n`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`${title} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

async function main(): Promise<void> {
  const vitestArgs = process.argv.slice(2);
  const started = performance.now();
  await step("system packages (scripts/install-system-deps.sh)", "bash", [resolve(root, "scripts/install-system-deps.sh")]);
  await step("build", bin("tsx"), [resolve(root, "scripts/build.ts")]);
  await step("typecheck", bin("tsc"), ["-p", resolve(root, "tsconfig.json"), "--noEmit"]);
  await step("lint", bin("eslint"), ["--max-warnings", "0", root]);
  process.stdout.write(`\n(preparation took ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  await step("tests (vitest)", bin("vitest"), ["run", ...vitestArgs]);
}

main().catch((error: unknown) => {
  process.stderr.write(`\nkyso test: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
