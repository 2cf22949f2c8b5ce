import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(import.meta.dirname, "../..");

interface LintMessage {
  code: string;
  file?: string;
  message: string;
}

interface LintReport {
  summary: { errors: number; warnings: number; notices: number };
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
}

/**
 * Mozilla's own linter (web-ext lint = addons-linter, what addons.mozilla.org runs) over the
 * Firefox build that the global set-up made. Warnings that remain come from bundled libraries,
 * not from kyso's code, and are accepted:
 *   - DANGEROUS_EVAL in ui/confirm/{confirm,pdf-worker}.js: pdf.js's core-js polyfill finds the
 *     global object with Function("return this") — reached only where globalThis is missing;
 *   - UNSAFE_VAR_ASSIGNMENT "import for argument 0" there: pdf.js's fake-worker fallback imports
 *     its own workerSrc, an extension URL;
 *   - DANGEROUS_EVAL in background.js: @pdf-lib/fontkit vendors function-bind (Function("binder", …)
 *     over a generated parameter list) and get-intrinsic (a table naming %eval%, never called);
 *   - UNSAFE_VAR_ASSIGNMENT innerHTML in ui/report/report.js: the verification report fragment,
 *     built by renderVerificationHtml, which escapes every string the file carries.
 */
describe("Firefox build (web-ext lint)", () => {
  it("has no errors and no manifest warnings", { timeout: 120_000 }, async () => {
    const { stdout } = await run(join(root, "node_modules/.bin/web-ext"), ["lint", "--source-dir", join(root, "dist/firefox"), "--output", "json", "--no-config-discovery"], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
    const report = JSON.parse(stdout) as LintReport;
    expect(report.errors.map((message) => `${message.code} ${message.file ?? ""}: ${message.message}`)).toEqual([]);
    // The manifest is ours alone: data consent, minimum versions, keys Firefox ignores.
    expect(report.warnings.filter((message) => message.file === "manifest.json").map((message) => `${message.code}: ${message.message}`)).toEqual([]);
  });
});
