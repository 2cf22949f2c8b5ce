import type { ErrorCode } from "./error-codes.js";

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
