import { DIGEST_OIDS, ECDSA_SIGNATURE_OIDS, RSA_ENCRYPTION_OID, RSA_PKCS1_SIGNATURE_OIDS, RSASSA_PSS_OID, signatureAlgorithmIdentifierDer, type SignatureAlgorithm } from "../../../shared/cms/algorithms.js";
import { ecdsaRawToDer } from "../../../shared/cms/cms-signer.js";
import { parseDer } from "../../../shared/cms/der.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";

/** RFC 5480 §2.1.1: id-ecPublicKey, what some services list as the key algorithm of an EC credential. */
const EC_PUBLIC_KEY_OID = "1.2.840.10045.2.1";

/** The signatures/signHash parameters for one signature algorithm (CSC API v2 signatures/signHash). */
export interface CscSignAlgorithm {
  signAlgo: string;
  /** Required with rsaEncryption and RSASSA-PSS; omitted where signAlgo names the hash. */
  hashAlgorithmOID?: string;
  /** RSASSA-PSS: the DER RSASSA-PSS-params (RFC 4055 §3.1), base64. */
  signAlgoParams?: string;
}

function unsupported(detail: string): KysoError {
  return new KysoError("KEY_UNSUPPORTED", `the CSC credential cannot sign with ${detail}`);
}

/**
 * Picks signAlgo from the credential's key/algo list (credentials/info). RSA PKCS#1 v1.5 takes
 * the sha*WithRSAEncryption OID when listed (the hash is then implicit) and otherwise
 * rsaEncryption with hashAlgorithmOID; RSASSA-PSS always carries its parameters, built by the
 * same code that writes them into the SignerInfo, so the service signs exactly what CMS states.
 */
export function cscSignAlgorithm(algorithm: SignatureAlgorithm, keyAlgos: readonly string[]): CscSignAlgorithm {
  const hashAlgorithmOID = DIGEST_OIDS[algorithm.hash];
  switch (algorithm.scheme) {
    case "rsa-pkcs1-v1_5": {
      const combined = RSA_PKCS1_SIGNATURE_OIDS[algorithm.hash];
      if (keyAlgos.includes(combined)) return { signAlgo: combined };
      if (keyAlgos.includes(RSA_ENCRYPTION_OID)) return { signAlgo: RSA_ENCRYPTION_OID, hashAlgorithmOID };
      throw unsupported(`RSA PKCS#1 v1.5 and ${algorithm.hash} (it lists ${keyAlgos.join(", ")})`);
    }
    case "rsa-pss": {
      if (!keyAlgos.includes(RSASSA_PSS_OID)) throw unsupported(`RSASSA-PSS (it lists ${keyAlgos.join(", ")})`);
      const identifier = parseDer(signatureAlgorithmIdentifierDer(algorithm), "RSASSA-PSS AlgorithmIdentifier");
      const params = identifier.children[1]!.der;
      return { signAlgo: RSASSA_PSS_OID, hashAlgorithmOID, signAlgoParams: Buffer.from(params).toString("base64") };
    }
    case "ecdsa": {
      const combined = ECDSA_SIGNATURE_OIDS[algorithm.hash];
      if (keyAlgos.includes(combined) || keyAlgos.includes(EC_PUBLIC_KEY_OID)) return { signAlgo: combined };
      throw unsupported(`ECDSA and ${algorithm.hash} (it lists ${keyAlgos.join(", ")})`);
    }
  }
}

/** Whether `bytes` is exactly one Ecdsa-Sig-Value: SEQUENCE { INTEGER r, INTEGER s }. */
function isEcdsaSigValue(bytes: Uint8Array): boolean {
  try {
    const element = parseDer(bytes, "ECDSA signature");
    return element.tag === 0x30 && element.children.length === 2 && element.children.every((child) => child.tag === 0x02);
  } catch {
    return false;
  }
}

/**
 * A signature value as CMS wants it. CSC v2 does not fix the ECDSA encoding: services answer
 * the raw r || s of IEEE P1363 or the DER Ecdsa-Sig-Value (RFC 3279 §2.2.3); the DER form is
 * recognised by parsing, anything else must be r || s.
 */
export function cmsSignatureValue(algorithm: SignatureAlgorithm, signature: Uint8Array): Uint8Array {
  if (algorithm.scheme !== "ecdsa" || isEcdsaSigValue(signature)) return signature;
  return ecdsaRawToDer(signature);
}
