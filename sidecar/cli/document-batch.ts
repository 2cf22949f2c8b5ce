import { basename, join } from "node:path";
import type { Language } from "../../shared/protocol/error-messages.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import type { CliContext } from "./cli-io.js";
import { errorText } from "./error-text.js";

/** Where a batch command writes: one file (one input), or a directory keeping each input's name. */
export type BatchOutput = { kind: "file"; path: string } | { kind: "directory"; path: string };

/** `-o OUT.pdf` or `--out-dir DIR`, exactly one, and `-o` only for a single input. */
export function parseBatchOutput(options: { output: string | undefined; outDir: string | undefined; inputCount: number }): BatchOutput {
  const { output, outDir } = options;
  if (output && outDir) throw new KysoError("CLI_USAGE", "-o and --out-dir exclude each other");
  if (output && options.inputCount > 1) throw new KysoError("CLI_USAGE", "several inputs need --out-dir");
  if (output) return { kind: "file", path: output };
  if (!outDir) throw new KysoError("CLI_USAGE", "-o OUT.pdf or --out-dir DIR is required");
  return { kind: "directory", path: outDir };
}

/**
 * Runs one document operation per input, in order, with progress on stderr for batches. A
 * KysoError fails that document only (the batch goes on); anything else is a bug and stops it.
 */
export async function runDocumentBatch(options: {
  inputs: readonly string[];
  output: BatchOutput;
  context: CliContext;
  json: boolean;
  processDocument: (paths: { input: string; output: string }) => Promise<Pick<DocumentResult, "field" | "level">>;
  /** Once aborted (Ctrl-C), the documents not yet started are reported CANCELLED, not processed. */
  signal?: AbortSignal;
}): Promise<DocumentResult[]> {
  const { inputs, context } = options;
  const results: DocumentResult[] = [];
  for (const [index, input] of inputs.entries()) {
    const output = options.output.kind === "file" ? options.output.path : join(options.output.path, basename(input));
    if (options.signal?.aborted) {
      const cancelled = new KysoError("CANCELLED", input);
      results.push({ input, output, ok: false, error: { code: cancelled.code, message: errorText(cancelled, context.language) } });
      continue;
    }
    if (inputs.length > 1 && !options.json) context.stderr(`[${index + 1}/${inputs.length}] ${input}\n`);
    try {
      results.push({ input, output, ok: true, ...(await options.processDocument({ input, output })) });
    } catch (error) {
      if (!(error instanceof KysoError)) throw error;
      results.push({ input, output, ok: false, error: { code: error.code, message: errorText(error, context.language) } });
    }
  }
  return results;
}

/** One file of a batch command (sign, extend): where it went, or why not. */
export interface DocumentResult {
  input: string;
  output: string;
  ok: boolean;
  field?: string;
  level?: string;
  error?: { code: string; message: string };
}

/** "Signed 3 of 4 files." — what the batch summary says it did, per command. */
export type BatchSummary = Record<Language, (done: number, total: number) => string>;

/**
 * Prints a batch's outcome: JSON on stdout with --json; otherwise each output path on stdout,
 * each failure as one `kyso: CODE: file: message` line on stderr, and a summary for batches.
 */
export function reportBatch(results: DocumentResult[], options: { context: CliContext; json: boolean; summary: BatchSummary }): void {
  const { context } = options;
  if (options.json) {
    context.stdout(`${JSON.stringify({ results }, null, 2)}\n`);
    return;
  }
  for (const r of results) {
    if (r.ok) context.stdout(`${r.output}\n`);
    else context.stderr(`kyso: ${r.error!.code}: ${r.input}: ${r.error!.message}\n`);
  }
  if (results.length > 1) context.stderr(`${options.summary[context.language](results.filter((r) => r.ok).length, results.length)}\n`);
}
