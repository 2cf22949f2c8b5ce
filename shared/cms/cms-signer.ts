import { KysoError } from "../protocol/kyso-error.js";
import type { SignatureAlgorithm } from "./algorithms.js";
import { concatBytes, DER_TAG, derTlv } from "./der.js";

/**
 * What the CMS builder signs through. A PKCS#12 file, a PKCS#11 token, a CSC remote
 * service or a PKI SIM each implement this one interface, so CMS assembly never knows
 * where the key is (the pyHanko split: one signer method, CMS above it).
 */
export interface CmsSigner {
  /** The signer's certificate, DER, exactly as issued. */
  certificateDer: Uint8Array;
  /** Intermediates (and optionally the root), DER, for the CMS certificates set. */
  chainDer: Uint8Array[];
  algorithm: SignatureAlgorithm;
  /**
   * Signs the DER encoding of the SignedAttributes SET (RFC 5652 §5.4); the signer hashes
   * it with algorithm.hash. ECDSA results are returned DER-encoded (Ecdsa-Sig-Value).
   */
  sign(toBeSigned: Uint8Array): Promise<Uint8Array>;
}

/** X.690 §8.3: a two's-complement INTEGER, minimal; a positive value whose top bit is set gets a 0x00 first. */
function unsignedIntegerDer(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const minimal = magnitude.subarray(start);
  const needsZero = (minimal[0] ?? 0) >= 0x80;
  return derTlv(DER_TAG.integer, [needsZero ? concatBytes([Uint8Array.of(0), minimal]) : minimal]);
}

/**
 * PKCS#11 CKM_ECDSA (PKCS#11 v2.40 §2.3.1), WebCrypto and CSC signHash return the raw
 * r || s form, each half as long as the curve order; CMS wants
 * Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 5753 §7.2, RFC 3279 §2.2.3).
 */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 !== 0) {
    throw new KysoError("INTERNAL_ERROR", `raw ECDSA signature has ${raw.length} bytes; r || s needs an even, non-zero length`);
  }
  const half = raw.length / 2;
  return derTlv(DER_TAG.sequence, [unsignedIntegerDer(raw.subarray(0, half)), unsignedIntegerDer(raw.subarray(half))]);
}
