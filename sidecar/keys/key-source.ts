import type { HashAlgorithm } from "../../shared/cms/algorithms.js";
import type { CmsSigner } from "../../shared/cms/cms-signer.js";
import type { CertificateEntry } from "../../shared/protocol/methods/keys.js";

/**
 * The one interface every key provider implements (issue "Key providers"): a PKCS#11 token,
 * a CSC v2 remote signing service, a PKI SIM through an ETSI TS 102 204 MSSP, a PKCS#12 file.
 * The CLI and the native host choose a source by the certificate id's URI scheme
 * (`pkcs11:`, `csc:`, `mss:`) and never know more about it than this.
 */

/** What a person must do or see while a key is being used; shown by the confirmation window and the CLI. */
export type KeyEvent =
  /** A remote service or the user's phone must approve: show `code` (the short transaction code on the phone). */
  | { kind: "awaiting-approval"; provider: "csc" | "mss"; code?: string; expiresAt?: string }
  | { kind: "approved"; provider: "csc" | "mss" };

export interface OpenKeyOptions {
  /** PIN, OTP or password as bytes the source zeroes when done; absent means PIN pad, phone or none. */
  secret?: Uint8Array;
  /**
   * Every SignedAttributes DER of the batch, when known before signing starts (the host's
   * sign.digest): lets a remote service authorise the whole batch with one approval (CSC SCAL2
   * binds the hashes). The CLI signs document by document and gives only `count`.
   */
  toBeSigned?: Uint8Array[];
  /** How many signatures the batch will ask for (CSC numSignatures). */
  count: number;
  hash?: HashAlgorithm;
  signal?: AbortSignal;
  onEvent?: (event: KeyEvent) => void;
  env: NodeJS.ProcessEnv;
}

/** A key ready for one batch: sign() as CmsSigner, close() logs out / revokes the authorisation. */
export interface OpenedKey extends CmsSigner {
  close(): Promise<void>;
}

export interface KeyListing {
  certificates: CertificateEntry[];
  /** Sources that could not be asked (module not loadable, service down), with the error code. */
  unavailable: Array<{ source: string; code: string }>;
}

export interface KeySource {
  /** The URI scheme of its certificate ids, without the colon. */
  scheme: "pkcs11" | "csc" | "mss" | "pkcs12";
  list(options: { env: NodeJS.ProcessEnv; signal?: AbortSignal }): Promise<KeyListing>;
  open(certificateId: string, options: OpenKeyOptions): Promise<OpenedKey>;
}
