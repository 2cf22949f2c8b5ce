import { assertSignatureAlgorithm, HASH_LENGTH_BYTES, type HashAlgorithm, type SignatureAlgorithm, type SignatureScheme } from "../../shared/cms/algorithms.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";

/** What a caller may pin; anything left out is chosen from the key. */
export interface SignatureAlgorithmChoice {
  scheme?: SignatureScheme;
  hash?: HashAlgorithm;
  /** RSASSA-PSS only; defaults to the hash length. */
  saltLength?: number;
}

export type EcCurve = "P-256" | "P-384" | "P-521";

/** The key, as every provider (PKCS#12, PKCS#11, remote) can describe it. */
export type SigningKeyType = { type: "rsa" } | { type: "rsa-pss" } | { type: "ec"; curve: EcCurve };

/**
 * ECDSA takes the hash matching the curve's strength (FIPS 186-5 §6.4, ETSI TS 119 312
 * Table 2: P-256/SHA-256, P-384/SHA-384, P-521/SHA-512), so the hash is not the weak link.
 */
const CURVE_HASH: Readonly<Record<EcCurve, HashAlgorithm>> = { "P-256": "SHA-256", "P-384": "SHA-384", "P-521": "SHA-512" };

function unsupported(detail: string): KysoError {
  return new KysoError("KEY_UNSUPPORTED", detail);
}

/**
 * Defaults: RSA → PKCS#1 v1.5 with SHA-256 (what every verifier accepts), an RSASSA-PSS-only
 * key → PSS, EC → ECDSA with the curve's hash. A PSS salt defaults to the hash length
 * (RFC 8017 §9.1 note 4, RFC 4055 §3.1), never to the ASN.1 DEFAULT of 20 meant for SHA-1.
 */
export function chooseSignatureAlgorithm(key: SigningKeyType, choice: SignatureAlgorithmChoice = {}): SignatureAlgorithm {
  let algorithm: SignatureAlgorithm;
  if (key.type === "ec") {
    if (choice.scheme !== undefined && choice.scheme !== "ecdsa") throw unsupported(`an EC key cannot sign with ${choice.scheme}`);
    algorithm = { scheme: "ecdsa", hash: choice.hash ?? CURVE_HASH[key.curve] };
  } else {
    const scheme = choice.scheme ?? (key.type === "rsa-pss" ? "rsa-pss" : "rsa-pkcs1-v1_5");
    if (scheme === "ecdsa") throw unsupported("an RSA key cannot sign with ECDSA");
    if (key.type === "rsa-pss" && scheme !== "rsa-pss") throw unsupported("this RSA key is restricted to RSASSA-PSS (RFC 4055 §1.2)");
    const hash = choice.hash ?? "SHA-256";
    algorithm = scheme === "rsa-pss" ? { scheme, hash, saltLength: choice.saltLength ?? HASH_LENGTH_BYTES[hash] } : { scheme, hash };
  }
  assertSignatureAlgorithm(algorithm);
  return algorithm;
}
