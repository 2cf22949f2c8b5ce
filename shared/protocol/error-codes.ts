/**
 * Every failure kyso reports has one of these codes. They cross every boundary (page,
 * extension, sidecar, CLI exit output) as strings; messages for people are in
 * `error-messages.ts`, where a missing code is a compile error.
 */
export const ERROR_CODES = [
  // The request itself
  "BAD_REQUEST",
  "UNKNOWN_METHOD",
  "PROTOCOL_VERSION_MISMATCH",
  "MESSAGE_TOO_LARGE",
  "HANDSHAKE_REQUIRED",
  "CANCELLED",
  "INTERNAL_ERROR",
  // Files and documents
  "FILE_NOT_FOUND",
  "FILE_UNREADABLE",
  "OUTPUT_EXISTS",
  "PDF_MALFORMED",
  "PDF_ENCRYPTED",
  "PDF_PASSWORD_REQUIRED",
  "PDF_PASSWORD_INCORRECT",
  "PDF_OWNER_PASSWORD_REQUIRED",
  "PDF_UNSUPPORTED",
  // Keys
  "PKCS11_MODULE_UNAVAILABLE",
  "TOKEN_ERROR",
  "KEY_PASSWORD_INCORRECT",
  "KEY_UNSUPPORTED",
  "KEY_FILE_INVALID",
  "CERTIFICATE_INVALID",
  "KEY_NOT_FOUND",
  "PIN_REQUIRED",
  "PIN_INCORRECT",
  "PIN_LOCKED",
  "TOKEN_REMOVED",
  "TIMEOUT",
  // Remote signing (CSC v2 service, PKI SIM through an MSSP)
  "REMOTE_SERVICE_UNREACHABLE",
  "REMOTE_SIGNING_UNAUTHORIZED",
  "REMOTE_SIGNING_ACCOUNT_UNKNOWN",
  "REMOTE_SIGNING_REJECTED",
  "REMOTE_SIGNING_EXPIRED",
  "REMOTE_SIGNING_FAILED",
  // Signing
  "SIGNATURE_PLACEHOLDER_TOO_SMALL",
  "SIGNATURE_FIELD_NOT_FOUND",
  "SIGNATURE_FIELD_ALREADY_SIGNED",
  "PDF_CHANGES_NOT_PERMITTED",
  "CERTIFICATION_NOT_FIRST",
  // Timestamp authority (RFC 3161)
  "TIMESTAMP_UNREACHABLE",
  "TIMESTAMP_REFUSED",
  "TIMESTAMP_RESPONSE_INVALID",
  // Long-term validation (PAdES B-LT / B-LTA)
  "PDF_NOT_SIGNED",
  "TIMESTAMP_REQUIRED",
  "CERTIFICATE_REVOKED",
  "CERTIFICATE_CHAIN_INCOMPLETE",
  "REVOCATION_UNAVAILABLE",
  // Sidecar installation and audit log
  "HOST_INSTALL_FAILED",
  "AUDIT_LOG_TAMPERED",
  // Official mail (SMTP submission, IMAP, outbox)
  "MAIL_CONFIG_INVALID",
  "MAIL_SERVER_UNREACHABLE",
  "MAIL_TLS_UNTRUSTED",
  "MAIL_TLS_REQUIRED",
  "MAIL_AUTH_FAILED",
  "MAIL_RECIPIENT_REFUSED",
  "MAIL_MESSAGE_REFUSED",
  "MAIL_SERVER_BUSY",
  "MAIL_SERVER_ERROR",
  "MAIL_NEEDS_REVIEW",
  "MAIL_SENT_FOLDER_NOT_FOUND",
  "MAIL_OUTBOX_ENTRY_NOT_FOUND",
  "MAIL_OUTBOX_STATE",
  "MAIL_ATTACHMENT_TOO_LARGE",
  // Browser extension and portal pages
  "ORIGIN_NOT_ALLOWED",
  "URL_NOT_ALLOWED",
  "SIDECAR_UNAVAILABLE",
  "SIDECAR_OUTDATED",
  "OPERATION_IN_PROGRESS",
  "DOCUMENT_FETCH_FAILED",
  "UPLOAD_FAILED",
  "NOT_AVAILABLE_YET",
  // Command line
  "CLI_USAGE",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}
