import type { ErrorCode } from "../../../shared/protocol/error-codes.js";
import type { PinRetries } from "./pkcs11-errors.js";
import type { TokenMechanism } from "./signing-mechanism.js";

/**
 * Messages between the sidecar's event loop and the worker thread that owns one PKCS#11
 * module. Every value is structured-clone data; the PIN travels as a transferred buffer, so
 * the sending thread keeps no copy.
 */

/** Which token and certificate a URI (RFC 7512) selects. */
export interface KeySelector {
  token?: string;
  manufacturer?: string;
  serial?: string;
  model?: string;
  slotId?: number;
  object?: string;
  id?: Uint8Array;
  /** `type=private`: object/id name the private key rather than the certificate. */
  namesPrivateKey: boolean;
}

export interface OpenedKey {
  sessionId: number;
  tokenLabel: string;
  tokenSerial: string;
  /** CK_TOKEN_INFO.flags at selection time (login required, PIN pad, PIN counters). */
  tokenFlags: number;
  certificateDer: Uint8Array;
  /** Every other certificate on the token, for building the chain. */
  otherCertificatesDer: Uint8Array[];
  mechanisms: number[];
}

export interface PresentToken {
  slotId: string;
  label: string;
  serial: string;
  manufacturer: string;
  model: string;
}

/** A certificate object as the token holds it (public: read without logging in). */
export interface StoredCertificate {
  tokenLabel: string;
  tokenSerial: string;
  label: string;
  id: Uint8Array;
  der: Uint8Array;
}

export interface TokenStats {
  loginCalls: number;
  signCalls: number;
  /** Time spent inside C_SignInit + C_Sign, milliseconds. */
  signMs: number;
}

export type TokenRequest =
  | { op: "open"; modulePath: string }
  | { op: "openKey"; selector: KeySelector }
  /**
   * C_Login, then choosing the private key (private objects are visible only after it).
   * "pin-pad": protected authentication path, the user types on the token; "none": the
   * token has no CKF_LOGIN_REQUIRED, only the key is chosen.
   */
  | { op: "login"; sessionId: number; mode: "pin" | "pin-pad" | "none"; pin?: Uint8Array }
  | { op: "sign"; sessionId: number; mechanism: TokenMechanism; data: Uint8Array }
  | { op: "closeKey"; sessionId: number }
  /** `rescan`: re-initialise the module first when it has no open session (see token-slots.ts). */
  | { op: "slots"; rescan: boolean }
  | { op: "listCertificates" }
  | { op: "stats" };

export interface TokenResults {
  open: null;
  openKey: OpenedKey;
  login: null;
  sign: { signature: Uint8Array; tokenMs: number };
  closeKey: null;
  slots: PresentToken[];
  listCertificates: StoredCertificate[];
  stats: TokenStats;
}

export interface SerializedError {
  code: ErrorCode;
  detail: string;
  pinRetries?: PinRetries;
}

export type TokenReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: SerializedError };

export type TokenEnvelope = TokenRequest & { id: number };
