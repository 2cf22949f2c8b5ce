import { KysoError } from "../../shared/protocol/kyso-error.js";

/**
 * Library errors of nodemailer and imapflow become KysoErrors here, once (STYLE.md rule 6),
 * with the server's reply kept in the detail. Secrets never reach these messages: neither
 * library puts the password in an error, and the detail is built from reply text only.
 */

/** Node/OpenSSL verification failures: the server's certificate is not trusted (never "accept anyway"). */
const UNTRUSTED_CERTIFICATE_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_REVOKED",
  "CERT_SIGNATURE_FAILURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** Socket-level failures before any conversation: nothing was sent. */
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EDNS", "CONNECT_TIMEOUT", "GREETING_TIMEOUT"]);

interface LibraryErrorFields {
  code?: unknown;
  originalCode?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
  authenticationFailed?: unknown;
  serverResponseCode?: unknown;
  message?: unknown;
  cause?: unknown;
}

function fieldsOf(error: unknown): LibraryErrorFields {
  return typeof error === "object" && error !== null ? error : {};
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** Every code on the error and its causes, for matching TLS and socket codes wherever the library put them. */
function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 4; depth += 1) {
    const fields = fieldsOf(current);
    for (const value of [fields.code, fields.originalCode]) if (typeof value === "string") codes.push(value);
    current = fields.cause;
  }
  return codes;
}

export type SmtpFailureKind = "transient" | "permanent" | "unknown-outcome";

export interface SmtpFailure {
  kind: SmtpFailureKind;
  error: KysoError;
  responseCode?: number;
  /** The server's reply line(s), verbatim. */
  reply?: string;
}

/**
 * RFC 5321 §4.2.1: 4yz is transient, 5yz permanent — except 503 (bad sequence), which says
 * the session was in the wrong state, not that the message is unwanted.
 */
export function classifySmtpError(error: unknown): SmtpFailure {
  const fields = fieldsOf(error);
  const codes = codesOf(error);
  const responseCode = typeof fields.responseCode === "number" ? fields.responseCode : undefined;
  const reply = text(fields.response);
  const detail = reply ?? text(fields.message) ?? String(error);
  const withReply = (kind: SmtpFailureKind, error: KysoError): SmtpFailure => ({
    kind,
    error,
    ...(responseCode !== undefined ? { responseCode } : {}),
    ...(reply !== undefined ? { reply } : {}),
  });
  if (codes.some((code) => UNTRUSTED_CERTIFICATE_CODES.has(code))) return withReply("permanent", new KysoError("MAIL_TLS_UNTRUSTED", detail, { cause: error }));
  if (codes.includes("ETLS") || (responseCode === 530 && /STARTTLS/i.test(detail))) return withReply("permanent", new KysoError("MAIL_TLS_REQUIRED", detail, { cause: error }));
  if (codes.includes("EAUTH") || codes.includes("ENOAUTH")) {
    // 454 4.7.0 "temporary authentication failure" is the server's problem, not the password.
    if (responseCode !== undefined && responseCode >= 400 && responseCode < 500) return withReply("transient", new KysoError("MAIL_SERVER_BUSY", detail, { cause: error }));
    return withReply("permanent", new KysoError("MAIL_AUTH_FAILED", detail, { cause: error }));
  }
  if (responseCode !== undefined && responseCode !== 503 && responseCode >= 500) {
    const code = fields.command === "RCPT TO" ? "MAIL_RECIPIENT_REFUSED" : "MAIL_MESSAGE_REFUSED";
    return withReply("permanent", new KysoError(code, detail, { cause: error }));
  }
  if (responseCode !== undefined && responseCode >= 400) return withReply("transient", new KysoError("MAIL_SERVER_BUSY", detail, { cause: error }));
  if (codes.some((code) => UNREACHABLE_CODES.has(code))) return withReply("transient", new KysoError("MAIL_SERVER_UNREACHABLE", detail, { cause: error }));
  if (codes.includes("ECONFIG") || codes.includes("EENVELOPE")) return withReply("permanent", new KysoError("MAIL_MESSAGE_REFUSED", detail, { cause: error }));
  // ECONNECTION, ESOCKET (reset), ETIMEDOUT mid-session: the caller decides whether the
  // message may have been taken (see SmtpSubmitter's transmission tracking).
  return withReply("transient", new KysoError("MAIL_SERVER_UNREACHABLE", detail, { cause: error }));
}

/** IMAP errors: authentication, TLS trust, or the server being away. */
export function imapFailure(error: unknown): KysoError {
  if (error instanceof KysoError) return error;
  const fields = fieldsOf(error);
  const codes = codesOf(error);
  const reply = typeof fields.response === "string" ? fields.response : undefined;
  const detail = reply ?? text(fields.message) ?? String(error);
  if (codes.some((code) => UNTRUSTED_CERTIFICATE_CODES.has(code))) return new KysoError("MAIL_TLS_UNTRUSTED", detail, { cause: error });
  if (fields.authenticationFailed === true || fields.serverResponseCode === "AUTHENTICATIONFAILED") return new KysoError("MAIL_AUTH_FAILED", detail, { cause: error });
  if (fields.serverResponseCode !== undefined || reply !== undefined) return new KysoError("MAIL_SERVER_ERROR", detail, { cause: error });
  return new KysoError("MAIL_SERVER_UNREACHABLE", detail, { cause: error });
}

/** Errors an IMAP operation may be retried after, on a new connection. */
export function isImapRetryable(error: KysoError): boolean {
  return error.code === "MAIL_SERVER_UNREACHABLE";
}
