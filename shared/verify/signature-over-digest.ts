import type * as pkijs from "pkijs";
import type { DigestName } from "../cms/signer-cms.js";
import { ecdsaCurveOf, verifyEcdsaOverDigest } from "./ecdsa-over-digest.js";
import { checkRsaSignatureOverDigest, type DigestSignatureCheck } from "./rsa-over-digest.js";

/** RFC 5758 §3.2 ecdsa-with-SHA2 and RFC 3279 §2.2.3 ecdsa-with-SHA1, by the digest they name. */
const ECDSA_SIGNATURE_HASHES: Readonly<Record<string, DigestName>> = {
  "1.2.840.10045.4.1": "SHA-1",
  "1.2.840.10045.4.3.2": "SHA-256",
  "1.2.840.10045.4.3.3": "SHA-384",
  "1.2.840.10045.4.3.4": "SHA-512",
};
/** Some signers name the key's algorithm (id-ecPublicKey) as the SignerInfo's signatureAlgorithm. */
const ID_EC_PUBLIC_KEY = "1.2.840.10045.2.1";

export type { DigestSignatureCheck } from "./rsa-over-digest.js";

/**
 * A SignerInfo's signature value checked against the content digest itself (RFC 5652 §5.4, no
 * signed attributes), by the certificate's key type: RSA PKCS#1 v1.5 and PSS, ECDSA P-256, P-384 and
 * P-521. ECDSA cannot tell a signature over other data from a wrong key: both are "invalid".
 */
export async function checkSignatureOverDigest(options: { certificate: pkijs.Certificate; signatureAlgorithm: pkijs.AlgorithmIdentifier; signature: Uint8Array; hash: DigestName; digest: Uint8Array }): Promise<DigestSignatureCheck> {
  if (ecdsaCurveOf(options.certificate)) {
    const oid = options.signatureAlgorithm.algorithmId;
    if (oid !== ID_EC_PUBLIC_KEY && ECDSA_SIGNATURE_HASHES[oid] !== options.hash) return "unsupported";
    return verifyEcdsaOverDigest({ certificate: options.certificate, signatureDer: options.signature, digest: options.digest }) ? "valid" : "invalid";
  }
  return checkRsaSignatureOverDigest(options);
}
