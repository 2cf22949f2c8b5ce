import type { Language } from "../../../shared/protocol/error-messages.js";
import type { ErrorCode } from "../../../shared/protocol/error-codes.js";
import type { VerificationProgress } from "../../../shared/verify/verify-document.js";

/**
 * The messages between the verification page and its worker (verify-worker.entry.ts), the one
 * definition both sides use. The worker is the page's own script (same extension origin), so
 * the page checks only the shape it switches on.
 */

/** Page → worker: one file to verify (its name comes along), with what the settings say (the worker cannot read extension storage). */
export interface VerifyWorkerRequest {
  file: File;
  trustAnchorsPem: string[];
  revocationHardFail: boolean;
  language: Language;
}

/** Worker → page: progress while it works, then exactly one of report or failure. */
export type VerifyWorkerMessage =
  | { type: "progress"; progress: VerificationProgress }
  /** The report as renderVerificationHtml makes it: every string from the file is escaped there. */
  | { type: "report"; html: string }
  | { type: "failure"; code: ErrorCode };

export function isVerifyWorkerMessage(value: unknown): value is VerifyWorkerMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === "progress" || type === "report" || type === "failure";
}
