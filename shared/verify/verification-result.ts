import type { AlgorithmWeakness, CryptoProblem } from "./cms-cryptography.js";
import type { PathProblem } from "./certificate-path.js";
import type { ModificationClass } from "./revision-changes.js";

/** ETSI EN 319 102-1 §5.1.3 main indications. */
export type Indication = "TOTAL_PASSED" | "TOTAL_FAILED" | "INDETERMINATE";
/** ETSI EN 319 102-1 Table 5 sub-indications that kyso reports. */
export type SubIndication =
  | "FORMAT_FAILURE" | "HASH_FAILURE" | "SIG_CRYPTO_FAILURE" | "REVOKED" | "EXPIRED" | "NOT_YET_VALID"
  | "SIG_CONSTRAINTS_FAILURE" | "CHAIN_CONSTRAINTS_FAILURE" | "CRYPTO_CONSTRAINTS_FAILURE" | "NO_SIGNING_CERTIFICATE_FOUND"
  | "NO_CERTIFICATE_CHAIN_FOUND" | "REVOKED_NO_POE" | "OUT_OF_BOUNDS_NO_POE" | "TRY_LATER" | "TIMESTAMP_FAILURE";

export type Coverage = "whole-file" | "whole-revision" | "partial";
export type IntegrityProblem = "byte-range-missing" | "byte-range-malformed" | "contents-missing" | "contents-not-in-gap" | "contents-not-in-file" | "not-at-revision-end" | "cms-unreadable";
export type PadesLevel = "B-B" | "B-T" | "B-LT" | "B-LTA";

export interface SignerIdentity {
  name: string;
  organisation?: string;
  serialHex: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
}

export interface TimeFacts {
  /** Claimed by the signer (CMS signingTime or /M): never evidence. */
  claimedSigningTime?: string;
  /** genTime of a verified signature timestamp. */
  timestampTime?: string;
  timestampValid?: boolean;
  /** Earliest proof of existence: a signature or later document timestamp, else the verification time. */
  bestSignatureTime: string;
  bestSignatureTimeProven: boolean;
}

/** One field per fact, then one derived verdict (pyHanko/EU DSS style). Frozen. */
export interface SignatureVerification {
  field: string;
  kind: "signature" | "document-timestamp";
  integrity: { intact: boolean; problem?: IntegrityProblem; coverage: Coverage; signedBytes: number };
  /**
   * `signingCertificateBound`: a signed signing-certificate(V2) attribute names the signer's
   * certificate (RFC 5035 §3, ETSI EN 319 122-1 §5.2.2.3). Without it only the unsigned issuer
   * and serial of the SignerInfo pick the certificate: the signature still verifies, but it is
   * not a PAdES baseline signature (ETSI EN 319 142-1 §6.3).
   */
  cryptography: { valid: boolean; problems: CryptoProblem[]; weaknesses: AlgorithmWeakness[]; signingCertificateBound: boolean };
  signer?: SignerIdentity;
  trust: { trusted: boolean; chain: string[]; problems: PathProblem[] };
  revocation: { status: "good" | "revoked" | "unknown" | "not-checked"; source?: string; revokedAt?: string };
  time: TimeFacts;
  modifications: { after: Array<{ class: ModificationClass; detail: string }>; forbidden: Array<{ class: ModificationClass; detail: string }>; docMdpLevel?: 1 | 2 | 3 };
  level?: PadesLevel;
  indication: Indication;
  subIndication?: SubIndication;
}

export interface DocumentVerification {
  indication: Indication;
  signatures: SignatureVerification[];
}

type Facts = Omit<SignatureVerification, "indication" | "subIndication">;

/**
 * The verdict from the facts, in ETSI EN 319 102-1 order (§5.1.3, Table 5): format and
 * integrity first, then cryptography, then the constraints on later changes, then the
 * certificate's standing at the best signature time. Without a proof of existence (a
 * timestamp) a revoked or expired certificate leaves the signature INDETERMINATE; with one that
 * is later than the revocation or expiry it fails. kyso's policy makes a forbidden change after
 * signing a failure: what the signer signed is no longer what is shown.
 */
export function deriveIndication(facts: Facts, options: { revocationHardFail: boolean }): { indication: Indication; subIndication?: SubIndication } {
  const failed = (subIndication: SubIndication) => ({ indication: "TOTAL_FAILED" as const, subIndication });
  const indeterminate = (subIndication: SubIndication) => ({ indication: "INDETERMINATE" as const, subIndication });
  if (!facts.integrity.intact) return failed(facts.integrity.problem === "cms-unreadable" || facts.integrity.problem === "not-at-revision-end" || facts.integrity.problem?.startsWith("byte-range") || facts.integrity.problem?.startsWith("contents") ? "FORMAT_FAILURE" : "HASH_FAILURE");
  const { problems } = facts.cryptography;
  if (problems.includes("signer-certificate-missing")) return indeterminate("NO_SIGNING_CERTIFICATE_FOUND");
  if (problems.includes("message-digest-mismatch")) return failed("HASH_FAILURE");
  if (problems.includes("signature-invalid")) return failed("SIG_CRYPTO_FAILURE");
  if (problems.length > 0) return failed("FORMAT_FAILURE");
  if (facts.kind === "document-timestamp" && facts.time.timestampValid === false) return failed("SIG_CRYPTO_FAILURE");
  if (facts.modifications.forbidden.length > 0) return failed("SIG_CONSTRAINTS_FAILURE");
  const proven = facts.time.bestSignatureTimeProven;
  if (facts.revocation.status === "revoked") {
    const revokedBeforeSigning = facts.revocation.revokedAt !== undefined && facts.revocation.revokedAt <= facts.time.bestSignatureTime;
    if (revokedBeforeSigning) return proven ? failed("REVOKED") : indeterminate("REVOKED_NO_POE");
  }
  if (!facts.trust.trusted) return indeterminate("NO_CERTIFICATE_CHAIN_FOUND");
  if (facts.signer) {
    if (facts.time.bestSignatureTime < facts.signer.notBefore) return proven ? failed("NOT_YET_VALID") : indeterminate("NOT_YET_VALID");
    if (facts.time.bestSignatureTime > facts.signer.notAfter) return proven ? failed("EXPIRED") : indeterminate("OUT_OF_BOUNDS_NO_POE");
  }
  if (facts.time.timestampValid === false) return indeterminate("TIMESTAMP_FAILURE");
  if (facts.trust.problems.length > 0) return indeterminate("CHAIN_CONSTRAINTS_FAILURE");
  if (facts.cryptography.weaknesses.length > 0) return indeterminate("CRYPTO_CONSTRAINTS_FAILURE");
  if (facts.revocation.status === "unknown" && options.revocationHardFail) return indeterminate("TRY_LATER");
  return { indication: "TOTAL_PASSED" };
}

/** The document's indication: the worst of its signatures'; a file without signatures is not TOTAL_PASSED. */
export function documentIndication(signatures: readonly SignatureVerification[]): Indication {
  if (signatures.length === 0) return "INDETERMINATE";
  if (signatures.some((s) => s.indication === "TOTAL_FAILED")) return "TOTAL_FAILED";
  return signatures.some((s) => s.indication === "INDETERMINATE") ? "INDETERMINATE" : "TOTAL_PASSED";
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
