import type { Language } from "../../shared/protocol/error-messages.js";
import type { CliContext } from "./cli-io.js";

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
