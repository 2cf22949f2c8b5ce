import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { ErrorCode } from "../../../shared/protocol/error-codes.js";

/** CK_TOKEN_INFO flags about the user PIN (PKCS#11 v2.40 §3.2, Table 11). */
export const TOKEN_PIN_FLAGS = {
  CKF_USER_PIN_COUNT_LOW: 0x10000,
  CKF_USER_PIN_FINAL_TRY: 0x20000,
  CKF_USER_PIN_LOCKED: 0x40000,
} as const;

/**
 * The one place where PKCS#11 return values become kyso error codes (PKCS#11 v2.40 §11.1).
 * graphene/pkcs11js raise errors whose message starts with the CKR_ name.
 */
const RETURN_VALUE_CODES: Record<string, ErrorCode> = {
  CKR_DEVICE_REMOVED: "TOKEN_REMOVED",
  CKR_TOKEN_NOT_PRESENT: "TOKEN_REMOVED",
  // A session ends when its token goes (§11.6: "all sessions … are closed" on removal).
  CKR_SESSION_CLOSED: "TOKEN_REMOVED",
  CKR_SESSION_HANDLE_INVALID: "TOKEN_REMOVED",
  CKR_PIN_INCORRECT: "PIN_INCORRECT",
  CKR_PIN_LEN_RANGE: "PIN_INCORRECT",
  CKR_PIN_LOCKED: "PIN_LOCKED",
  CKR_PIN_EXPIRED: "PIN_LOCKED",
  CKR_USER_NOT_LOGGED_IN: "PIN_REQUIRED",
  CKR_USER_PIN_NOT_INITIALIZED: "PIN_LOCKED",
  CKR_FUNCTION_CANCELED: "CANCELLED",
  CKR_MECHANISM_INVALID: "KEY_UNSUPPORTED",
  CKR_MECHANISM_PARAM_INVALID: "KEY_UNSUPPORTED",
  CKR_KEY_TYPE_INCONSISTENT: "KEY_UNSUPPORTED",
  CKR_KEY_FUNCTION_NOT_PERMITTED: "KEY_UNSUPPORTED",
  CKR_KEY_HANDLE_INVALID: "KEY_NOT_FOUND",
  CKR_DEVICE_ERROR: "TOKEN_ERROR",
  CKR_GENERAL_ERROR: "TOKEN_ERROR",
};

/** How many PIN attempts the token says are left; PKCS#11 reports only "low" and "last". */
export type PinRetries = "final-try" | "count-low" | "not-reported";

const RETRIES_DETAIL: Record<PinRetries, string> = {
  "final-try": "1 attempt left: one more wrong PIN locks the token",
  "count-low": "few attempts left: the token reports a low PIN retry count",
  "not-reported": "the token does not report how many attempts are left",
};

/** PIN_INCORRECT with what the token's flags say about the attempts left. */
export class PinIncorrectError extends KysoError {
  constructor(
    readonly retries: PinRetries,
    options?: ErrorOptions,
  ) {
    super("PIN_INCORRECT", RETRIES_DETAIL[retries], options);
  }

  /** A number only when the token says so (CKF_USER_PIN_FINAL_TRY); otherwise unknown. */
  get retriesLeft(): number | undefined {
    return this.retries === "final-try" ? 1 : undefined;
  }
}

/** The token's PIN state from CK_TOKEN_INFO.flags, read after a failed C_Login. */
export function pinErrorFromFlags(tokenFlags: number, cause?: unknown): KysoError {
  if (tokenFlags & TOKEN_PIN_FLAGS.CKF_USER_PIN_LOCKED) return new KysoError("PIN_LOCKED", "the token reports CKF_USER_PIN_LOCKED", { cause });
  const retries: PinRetries = tokenFlags & TOKEN_PIN_FLAGS.CKF_USER_PIN_FINAL_TRY ? "final-try" : tokenFlags & TOKEN_PIN_FLAGS.CKF_USER_PIN_COUNT_LOW ? "count-low" : "not-reported";
  return new PinIncorrectError(retries, { cause });
}

/** The CKR_ name in a binding's error, if any. */
export function returnValueName(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  return /CKR_[A-Z_0-9]+/.exec(message)?.[0];
}

export interface TranslateOptions {
  /** CK_TOKEN_INFO.flags read after the failure, to tell "incorrect" from "final try" and "locked". */
  tokenFlags?: number;
  /**
   * The call was the presence check before a signature (C_GetTokenInfo on the batch's slot):
   * a failure there means the token can no longer be reached. SoftHSM answers
   * CKR_GENERAL_ERROR once its token directory is gone; hardware answers CKR_DEVICE_REMOVED.
   */
  presenceCheck?: boolean;
}

export function translatePkcs11Error(error: unknown, context: string, options: TranslateOptions = {}): KysoError {
  if (error instanceof KysoError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const returnValue = returnValueName(error);
  if (options.presenceCheck) return new KysoError("TOKEN_REMOVED", `${context}: ${returnValue ?? message}`, { cause: error });
  const code: ErrorCode = (returnValue ? RETURN_VALUE_CODES[returnValue] : undefined) ?? "TOKEN_ERROR";
  if (code === "PIN_INCORRECT" || (code === "PIN_LOCKED" && options.tokenFlags !== undefined)) {
    const fromFlags = pinErrorFromFlags(options.tokenFlags ?? 0, error);
    if (code === "PIN_LOCKED" || fromFlags.code === "PIN_LOCKED") return new KysoError("PIN_LOCKED", `${context}: ${returnValue ?? message}`, { cause: error });
    return fromFlags;
  }
  return new KysoError(code, `${context}: ${returnValue ?? message}`, { cause: error });
}
