import { isErrorCode, type ErrorCode } from "./error-codes.js";

/** The one error type kyso code throws; library errors are wrapped once, keeping the cause. */
export class KysoError extends Error {
  constructor(
    readonly code: ErrorCode,
    detail?: string,
    options?: ErrorOptions,
  ) {
    super(detail ?? code, options);
    this.name = "KysoError";
  }
}

/** The kyso error code of a failure (a KysoError, or an error the sidecar answered with a code); INTERNAL_ERROR otherwise. */
export function errorCodeOf(error: unknown): ErrorCode {
  if (error instanceof KysoError) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && isErrorCode(code) ? code : "INTERNAL_ERROR";
}

/** A failure as a KysoError: itself when it is one, else INTERNAL_ERROR with its message. */
export function asKysoError(error: unknown): KysoError {
  return error instanceof KysoError ? error : new KysoError("INTERNAL_ERROR", error instanceof Error ? error.message : String(error));
}
