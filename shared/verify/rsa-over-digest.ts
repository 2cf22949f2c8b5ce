import * as pkijs from "pkijs";
import { arrayBufferView } from "../cms/der.js";
import type { DigestName } from "../cms/signer-cms.js";

/** RFC 8017 §9.2 note 1: the DER of DigestInfo up to the digest, per hash. */
const DIGEST_INFO_PREFIX: Record<DigestName, string> = {
  "SHA-1": "3021300906052b0e03021a05000414",
  "SHA-256": "3031300d060960864801650304020105000420",
  "SHA-384": "3041300d060960864801650304020205000430",
  "SHA-512": "3051300d060960864801650304020305000440",
};
const RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
/** sha1/sha256/sha384/sha512WithRSAEncryption: PKCS#1 v1.5 as well. */
const RSA_PKCS1_SIGNATURES = new Set([RSA_ENCRYPTION, "1.2.840.113549.1.1.5", "1.2.840.113549.1.1.11", "1.2.840.113549.1.1.12", "1.2.840.113549.1.1.13"]);

const toBigInt = (bytes: Uint8Array): bigint => bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let square = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * square) % modulus;
    square = (square * square) % modulus;
  }
  return result;
}

export type DigestSignatureCheck = "valid" | "digest-mismatch" | "invalid" | "unsupported";

/**
 * RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) over a digest computed elsewhere: a PKCS#7
 * signature without signed attributes signs the content digest itself (RFC 5652 §5.4), and
 * WebCrypto verifies only over data it hashes. The encoded message tells a signature over
 * other data (digest-mismatch) from one that is not a signature with this key (invalid).
 * Other key types cannot be checked this way here: unsupported.
 */
export function checkRsaSignatureOverDigest(options: { certificate: pkijs.Certificate; signatureAlgorithmOid: string; signature: Uint8Array; hash: DigestName; digest: Uint8Array }): DigestSignatureCheck {
  const info = options.certificate.subjectPublicKeyInfo;
  if (info.algorithm.algorithmId !== RSA_ENCRYPTION || !RSA_PKCS1_SIGNATURES.has(options.signatureAlgorithmOid)) return "unsupported";
  let key: pkijs.RSAPublicKey;
  try {
    key = pkijs.RSAPublicKey.fromBER(arrayBufferView(info.subjectPublicKey.valueBlock.valueHexView));
  } catch {
    return "invalid";
  }
  const modulus = toBigInt(key.modulus.valueBlock.valueHexView);
  const length = Math.ceil(modulus.toString(16).length / 2);
  const signature = toBigInt(options.signature);
  if (options.signature.length !== length || signature >= modulus) return "invalid";
  const message = modPow(signature, toBigInt(key.publicExponent.valueBlock.valueHexView), modulus).toString(16).padStart(length * 2, "0");
  const prefix = DIGEST_INFO_PREFIX[options.hash];
  const digestHexLength = options.digest.length * 2;
  const padding = length * 2 - 6 - prefix.length - digestHexLength;
  if (padding < 16 || message !== `0001${"f".repeat(padding)}00${prefix}${message.slice(-digestHexLength)}`) return "invalid";
  return message.endsWith(hex(options.digest)) ? "valid" : "digest-mismatch";
}
