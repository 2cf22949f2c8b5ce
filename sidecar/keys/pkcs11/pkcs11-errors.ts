import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { ErrorCode } from "../../../shared/protocol/error-codes.js";

/**
 * The one place where PKCS#11 return values become kyso error codes (PKCS#11 v2.40 §11.1).
 * graphene/pkcs11js raise errors whose message starts with the CKR_ name.
 */
const RETURN_VALUE_CODES: Record<string, ErrorCode> = {
  CKR_DEVICE_REMOVED: "TOKEN_ERROR",
  CKR_TOKEN_NOT_PRESENT: "TOKEN_ERROR",
  CKR_DEVICE_ERROR: "TOKEN_ERROR",
  CKR_GENERAL_ERROR: "TOKEN_ERROR",
};

export function translatePkcs11Error(error: unknown, context: string): KysoError {
  if (error instanceof KysoError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const returnValue = /CKR_[A-Z_]+/.exec(message)?.[0];
  const code: ErrorCode = (returnValue ? RETURN_VALUE_CODES[returnValue] : undefined) ?? "TOKEN_ERROR";
  return new KysoError(code, `${context}: ${returnValue ?? message}`, { cause: error });
}
