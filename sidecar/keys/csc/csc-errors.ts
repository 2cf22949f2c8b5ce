import type { ErrorCode } from "../../../shared/protocol/error-codes.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";

/**
 * Every answer of a CSC v2 service that is not a success becomes a kyso error here, and only
 * here. CSC API v2 §10.2 gives the error body { error, error_description }; the
 * standard `error` values (§10.2 table 3, RFC 6749 §5.2) say most of it, and the method-specific
 * cases of §11 differ only in their error_description ("SAD expired", "Credential locked",
 * "Invalid parameter credentialID"), which is matched as the specification words it.
 */

export interface CscErrorAnswer {
  /** The API method, e.g. "credentials/authorize" or "oauth2/token". */
  method: string;
  status: number;
  error?: string;
  description?: string;
}

interface Rule {
  code: ErrorCode;
  matches: (answer: CscErrorAnswer) => boolean;
}

const SERVICE_SIGN_IN_METHODS = new Set(["oauth2/token", "auth/login"]);
const described = (pattern: RegExp) => (answer: CscErrorAnswer) => pattern.test(answer.description ?? "");

/** First match wins: the specific descriptions before the generic `error` values. */
const RULES: readonly Rule[] = [
  { code: "REMOTE_SIGNING_UNAUTHORIZED", matches: (a) => SERVICE_SIGN_IN_METHODS.has(a.method) && a.status < 500 },
  { code: "REMOTE_SIGNING_UNAUTHORIZED", matches: (a) => a.status === 401 || ["invalid_token", "unauthorized_client", "invalid_client"].includes(a.error ?? "") },
  { code: "PIN_LOCKED", matches: described(/\blocked\b/i) },
  { code: "PIN_INCORRECT", matches: (a) => a.error === "invalid_authentication_data" || a.error === "invalid_otp" },
  { code: "REMOTE_SIGNING_REJECTED", matches: (a) => a.error === "access_denied" },
  { code: "CERTIFICATE_INVALID", matches: described(/certificate is expired/i) },
  // "SAD expired" (signatures/signHash) and an approval that ran out (credentials/authorizeCheck).
  { code: "REMOTE_SIGNING_EXPIRED", matches: (a) => a.error === "expired_token" || described(/expired/i)(a) },
  { code: "KEY_NOT_FOUND", matches: described(/credentialID|is disabled/i) },
  { code: "REMOTE_SERVICE_UNREACHABLE", matches: (a) => [429, 502, 503, 504].includes(a.status) || a.error === "temporarily_unavailable" },
];

export function cscAnswerError(answer: CscErrorAnswer): KysoError {
  const code = RULES.find((rule) => rule.matches(answer))?.code ?? "REMOTE_SIGNING_FAILED";
  const what = [answer.error, answer.description].filter(Boolean).join(": ");
  return new KysoError(code, `CSC ${answer.method}: HTTP ${answer.status}${what ? ` ${what}` : ""}`);
}

/** Node's (undici's) connection failures: the service is down, unknown or cut off. */
const UNREACHABLE_CAUSES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "EPIPE"]);

/** A request that got no answer: cancelled by the caller, timed out, or no connection. */
export function cscTransportError(options: { method: string; error: unknown; cancelled: boolean; timedOut: boolean }): KysoError {
  const { method, error } = options;
  if (options.cancelled) return new KysoError("CANCELLED", `CSC ${method} cancelled`, { cause: error });
  if (options.timedOut) return new KysoError("TIMEOUT", `CSC ${method}: no answer in time`, { cause: error });
  const cause = (error as { cause?: { code?: string } }).cause;
  const reason = cause?.code ?? (error instanceof Error ? error.message : String(error));
  return new KysoError(UNREACHABLE_CAUSES.has(cause?.code ?? "") ? "REMOTE_SERVICE_UNREACHABLE" : "REMOTE_SIGNING_FAILED", `CSC ${method}: ${reason}`, { cause: error });
}
