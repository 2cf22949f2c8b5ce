import { createHash } from "node:crypto";
import type { HashAlgorithm, SignatureAlgorithm } from "../../../shared/cms/algorithms.js";
import { ecdsaRawToDer } from "../../../shared/cms/cms-signer.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { NODE_HASH_NAMES } from "../../node-hash-names.js";

/** CKM_ values (PKCS#11 v2.40 §2.1, §2.3, curr. mechanisms §2.1.13–15) kyso signs with. */
export const CKM = {
  RSA_PKCS: 0x1,
  RSA_PKCS_PSS: 0xd,
  SHA256_RSA_PKCS: 0x40,
  SHA384_RSA_PKCS: 0x41,
  SHA512_RSA_PKCS: 0x42,
  SHA256_RSA_PKCS_PSS: 0x43,
  SHA384_RSA_PKCS_PSS: 0x44,
  SHA512_RSA_PKCS_PSS: 0x45,
  ECDSA: 0x1041,
  SHA256: 0x250,
  SHA384: 0x260,
  SHA512: 0x270,
} as const;

/** CK_RSA_PKCS_MGF_TYPE values (v2.40 §2.1.7). */
const CKG_MGF1: Readonly<Record<HashAlgorithm, number>> = { "SHA-256": 0x2, "SHA-384": 0x3, "SHA-512": 0x4 };
const CKM_HASH: Readonly<Record<HashAlgorithm, number>> = { "SHA-256": CKM.SHA256, "SHA-384": CKM.SHA384, "SHA-512": CKM.SHA512 };
const HASH_AND_SIGN_PKCS1: Readonly<Record<HashAlgorithm, number>> = { "SHA-256": CKM.SHA256_RSA_PKCS, "SHA-384": CKM.SHA384_RSA_PKCS, "SHA-512": CKM.SHA512_RSA_PKCS };
const HASH_AND_SIGN_PSS: Readonly<Record<HashAlgorithm, number>> = { "SHA-256": CKM.SHA256_RSA_PKCS_PSS, "SHA-384": CKM.SHA384_RSA_PKCS_PSS, "SHA-512": CKM.SHA512_RSA_PKCS_PSS };

/**
 * RFC 8017 §9.2 note 1: the DER of DigestInfo up to the digest, for CKM_RSA_PKCS, which
 * pads and signs whatever it is given (v2.40 §2.1.6).
 */
const DIGEST_INFO_PREFIX: Readonly<Record<HashAlgorithm, string>> = {
  "SHA-256": "3031300d060960864801650304020105000420",
  "SHA-384": "3041300d060960864801650304020205000430",
  "SHA-512": "3051300d060960864801650304020305000440",
};

/** What the token is asked to do: plain data the worker can post across threads. */
export interface TokenMechanism {
  mechanism: number;
  /** CK_RSA_PKCS_PSS_PARAMS (v2.40 §2.1.7). */
  pss?: { hashAlg: number; mgf: number; saltLen: number };
}

/** How the host prepares the input: the token hashes it, or gets the digest, or a DigestInfo. */
export type HostInput = "message" | "digest" | "digest-info";

export interface SigningPlan {
  mechanism: TokenMechanism;
  input: HostInput;
  /** CKM_ECDSA returns r || s (v2.40 §2.3.1); CMS needs Ecdsa-Sig-Value. */
  output: "as-is" | "ecdsa-raw-to-der";
}

/**
 * Chooses the mechanism from what the token lists (C_GetMechanismList): the token's own
 * hash-and-sign mechanism where it has one, else the raw mechanism over a digest computed
 * here — many smart-card tokens only offer CKM_RSA_PKCS and CKM_ECDSA.
 */
export function planSigning(algorithm: SignatureAlgorithm, mechanisms: readonly number[]): SigningPlan {
  const has = (mechanism: number) => mechanisms.includes(mechanism);
  switch (algorithm.scheme) {
    case "rsa-pkcs1-v1_5": {
      const combined = HASH_AND_SIGN_PKCS1[algorithm.hash];
      if (has(combined)) return { mechanism: { mechanism: combined }, input: "message", output: "as-is" };
      if (has(CKM.RSA_PKCS)) return { mechanism: { mechanism: CKM.RSA_PKCS }, input: "digest-info", output: "as-is" };
      break;
    }
    case "rsa-pss": {
      const pss = { hashAlg: CKM_HASH[algorithm.hash], mgf: CKG_MGF1[algorithm.hash], saltLen: algorithm.saltLength };
      const combined = HASH_AND_SIGN_PSS[algorithm.hash];
      if (has(combined)) return { mechanism: { mechanism: combined, pss }, input: "message", output: "as-is" };
      if (has(CKM.RSA_PKCS_PSS)) return { mechanism: { mechanism: CKM.RSA_PKCS_PSS, pss }, input: "digest", output: "as-is" };
      break;
    }
    case "ecdsa":
      if (has(CKM.ECDSA)) return { mechanism: { mechanism: CKM.ECDSA }, input: "digest", output: "ecdsa-raw-to-der" };
      break;
  }
  throw new KysoError("KEY_UNSUPPORTED", `the token offers no mechanism for ${algorithm.scheme} with ${algorithm.hash}`);
}

/** The bytes handed to C_Sign for a plan. */
export function tokenInput(plan: SigningPlan, options: { toBeSigned: Uint8Array; hash: HashAlgorithm }): Uint8Array {
  if (plan.input === "message") return options.toBeSigned;
  const digest = createHash(NODE_HASH_NAMES[options.hash]).update(options.toBeSigned).digest();
  if (plan.input === "digest") return new Uint8Array(digest);
  return new Uint8Array(Buffer.concat([Buffer.from(DIGEST_INFO_PREFIX[options.hash], "hex"), digest]));
}

/** The signature value CMS carries, from what C_Sign returned. */
export function signatureValue(plan: SigningPlan, tokenOutput: Uint8Array): Uint8Array {
  return plan.output === "ecdsa-raw-to-der" ? ecdsaRawToDer(tokenOutput) : tokenOutput;
}
