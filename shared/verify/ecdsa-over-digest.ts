import { p256, p384, p521 } from "@noble/curves/nist.js";
import * as asn1js from "asn1js";
import type * as pkijs from "pkijs";

/**
 * ECDSA verification (SEC 1 v2 §4.1.4, FIPS 186-5 §6.4.2) over a digest computed elsewhere.
 * A PKCS#7 signature without signed attributes signs the content's digest itself (RFC 5652
 * §5.4) and the one-pass hasher keeps only that digest, while WebCrypto's ECDSA verifies only
 * data it hashes itself. The curve arithmetic is @noble/curves (audited, pure JS, so it runs in
 * the extension as well as the sidecar).
 */

type NobleEcdsa = typeof p256;

/** namedCurve OIDs from RFC 5480 §2.1.1.1. */
const CURVES: Readonly<Record<string, NobleEcdsa>> = {
  "1.2.840.10045.3.1.7": p256,
  "1.3.132.0.34": p384,
  "1.3.132.0.35": p521,
};
const ID_EC_PUBLIC_KEY = "1.2.840.10045.2.1";

/** The curve of an id-ecPublicKey certificate key with a named curve kyso knows (P-256, P-384, P-521). */
export function ecdsaCurveOf(certificate: pkijs.Certificate): string | undefined {
  const info = certificate.subjectPublicKeyInfo;
  if (info.algorithm.algorithmId !== ID_EC_PUBLIC_KEY) return undefined;
  const parameters = info.algorithm.algorithmParams as unknown;
  const oid = parameters instanceof asn1js.ObjectIdentifier ? parameters.valueBlock.toString() : undefined;
  return oid && CURVES[oid] ? oid : undefined;
}

/**
 * True when `signatureDer` (Ecdsa-Sig-Value, RFC 5480 §2.2) is an ECDSA signature by the
 * certificate's key over `digest`. The digest is cut to the order's leftmost bits (SEC 1 §4.1.4
 * step 5), so any SHA-2 works with any curve. High s is allowed: FIPS 186-5 does not forbid it
 * and OpenSSL and PKCS#11 tokens produce it. ECDSA cannot tell a signature over other data from
 * one by another key: both are false.
 */
export function verifyEcdsaOverDigest(options: { certificate: pkijs.Certificate; signatureDer: Uint8Array; digest: Uint8Array }): boolean {
  const curveOid = ecdsaCurveOf(options.certificate);
  const curve = curveOid ? CURVES[curveOid] : undefined;
  if (!curve) return false;
  const publicKey = options.certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
  try {
    return curve.verify(options.signatureDer, options.digest, publicKey, { prehash: false, lowS: false, format: "der" });
  } catch {
    // noble throws on argument shapes it refuses (e.g. an oversized digest); for hostile input that is "not verified".
    return false;
  }
}
