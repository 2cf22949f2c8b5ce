import type { HashAlgorithm } from "../../shared/cms/algorithms.js";
import type { CmsSigner } from "../../shared/cms/cms-signer.js";
import type { CertificateEntry } from "../../shared/protocol/methods/keys.js";
import type { CscServiceSettings } from "./csc/csc-service.js";
import type { MssServiceSettings } from "./mss/mss-config.js";
import type { SignatureAlgorithmChoice } from "./signature-algorithm-choice.js";

/**
 * The one interface every key provider implements (issue "Key providers"): a PKCS#11 token,
 * a CSC v2 remote signing service, a PKI SIM through an ETSI TS 102 204 MSSP, a PKCS#12 file.
 * The CLI and the native host choose a source by the certificate id's URI scheme
 * (`pkcs11:`, `csc:`, `mss:`; anything else is a PKCS#12 file path, key-sources.ts) and
 * never know more about it than this.
 */

/** What a person must do or see while a key is being used; shown by the confirmation window and the CLI. */
export type KeyEvent =
  /**
   * A remote service or the user's phone must approve: show `code` (the short transaction
   * code on the phone) and `serviceName` (the service as the person knows it).
   */
  | { kind: "awaiting-approval"; provider: "csc" | "mss"; code?: string; expiresAt?: string; serviceName?: string }
  | { kind: "approved"; provider: "csc" | "mss" };

/**
 * Where the providers are, as the CLI (flags and environment) or the host (its config file)
 * knows it. A source that finds nothing it needs here is simply not configured.
 */
export interface KeySourceSettings {
  /** PKCS#11 modules to list; opening a `pkcs11:` URI without module-path takes the first. */
  pkcs11Modules?: string[];
  /** CSC v2 services; a `csc:` URI may only name one of these (their client secrets go nowhere else). */
  cscServices?: CscServiceSettings[];
  /** The PKI SIM service (ETSI TS 102 204); absent: the KYSO_MSS_* environment, if any. */
  mss?: MssServiceSettings;
}

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
  /** The documents' names, parallel to `toBeSigned`, for what the phone displays (PKI SIM). */
  documentNames?: readonly string[];
  /** Shorthand for `algorithm.hash` (the CLI's --hash). */
  hash?: HashAlgorithm;
  /** What the caller pins (sign.digest's algorithm); the rest is chosen from the key. */
  algorithm?: SignatureAlgorithmChoice;
  signal?: AbortSignal;
  onEvent?: (event: KeyEvent) => void;
  env: NodeJS.ProcessEnv;
  settings?: KeySourceSettings;
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
  list(options: { env: NodeJS.ProcessEnv; signal?: AbortSignal; settings?: KeySourceSettings }): Promise<KeyListing>;
  open(certificateId: string, options: OpenKeyOptions): Promise<OpenedKey>;
}
