import type { ErrorCode } from "../../../shared/protocol/error-codes.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";

/**
 * ETSI TS 102 204 v1.1.4 §6.4 (Status codes, table 11 "Status codes"): the number an MSSP
 * answers in Status/StatusCode@Value or, for faults, as the SOAP fault subcode `mss:_NNN`.
 * ETSI's name for 402 is PIN_NR_BLOCKED (the SIM's signature PIN, "PIN-NR", is blocked).
 */
export const MSS_STATUS_NAMES: Readonly<Record<number, string>> = {
  100: "REQUEST_OK",
  101: "WRONG_PARAM",
  102: "MISSING_PARAM",
  103: "WRONG_DATA_LENGTH",
  104: "UNAUTHORIZED_ACCESS",
  105: "UNKNOWN_CLIENT",
  106: "HANDSHAKE_REQUIRED",
  107: "INAPPROPRIATE_DATA",
  108: "INCOMPATIBLE_INTERFACE",
  109: "UNSUPPORTED_PROFILE",
  208: "EXPIRED_TRANSACTION",
  209: "OTA_ERROR",
  401: "USER_CANCEL",
  402: "PIN_NR_BLOCKED",
  403: "CARD_BLOCKED",
  404: "NO_KEY_FOUND",
  405: "NO_URL_FOUND",
  406: "PB_SIGNATURE_PROCESS",
  407: "REGISTRATION_NOK",
  422: "NO_CERT_FOUND",
  423: "CRL_PB",
  424: "CRL_EXPIRED",
  425: "ERROR_CERTIFICATE",
  500: "SIGNATURE",
  501: "REVOKED_CERTIFICATE",
  502: "VALID_SIGNATURE",
  503: "INVALID_SIGNATURE",
  504: "OUTSTANDING_TRANSACTION",
  900: "INTERNAL_ERROR",
};

const MSS_STATUS = {
  requestOk: 100,
  signature: 500,
  validSignature: 502,
  outstandingTransaction: 504,
} as const;

/** What the asynchronous client-server flow (§5.1.2) does with a status: go on polling, use the signature, or stop. */
export type MssStatusMeaning = "accepted" | "outstanding" | "signed" | "failed";

export function meaningOfMssStatus(code: number): MssStatusMeaning {
  if (code === MSS_STATUS.requestOk) return "accepted";
  if (code === MSS_STATUS.outstandingTransaction) return "outstanding";
  // 500 SIGNATURE: constructed; 502 VALID_SIGNATURE: constructed and checked by the MSSP.
  // 501 REVOKED_CERTIFICATE also carries a signature, but one nobody should rely on.
  if (code === MSS_STATUS.signature || code === MSS_STATUS.validSignature) return "signed";
  return "failed";
}

/**
 * The one translation of MSSP status codes to kyso error codes. The phone-side outcomes get
 * the codes the CSC client uses for the same situations (the user said no, the approval
 * window passed, kyso's own credentials refused), a blocked SIM PIN or card is PIN_LOCKED
 * like a locked token; an unknown subscriber (105/404/422) is its own code because the
 * user's operator fixes it, not IT. Everything else is the service's error, named in the detail.
 */
const KYSO_CODES: Readonly<Record<number, ErrorCode>> = {
  104: "REMOTE_SIGNING_UNAUTHORIZED",
  105: "REMOTE_SIGNING_ACCOUNT_UNKNOWN",
  208: "REMOTE_SIGNING_EXPIRED",
  401: "REMOTE_SIGNING_REJECTED",
  402: "PIN_LOCKED",
  403: "PIN_LOCKED",
  404: "REMOTE_SIGNING_ACCOUNT_UNKNOWN",
  422: "REMOTE_SIGNING_ACCOUNT_UNKNOWN",
  501: "CERTIFICATE_REVOKED",
};

export function describeMssStatus(code: number, message?: string): string {
  const name = MSS_STATUS_NAMES[code] ?? "UNKNOWN_STATUS";
  return `MSSP ${name} (${code})${message ? `: ${message}` : ""}`;
}

export function mssStatusError(code: number, message?: string): KysoError {
  return new KysoError(KYSO_CODES[code] ?? "REMOTE_SIGNING_FAILED", describeMssStatus(code, message));
}
