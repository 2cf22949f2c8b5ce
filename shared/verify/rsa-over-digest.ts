import { pow } from "@noble/curves/abstract/modular.js";
import { bytesToNumberBE, numberToBytesBE } from "@noble/curves/utils.js";
import * as pkijs from "pkijs";
import { arrayBufferView } from "../cms/der.js";
import type { DigestName } from "../cms/signer-cms.js";
import { checkPssEncoding, pssParameters } from "./rsa-pss-encoding.js";

/** RFC 8017 §9.2 note 1: the DER of DigestInfo up to the digest, per hash. */
const DIGEST_INFO_PREFIX: Record<DigestName, string> = {
  "SHA-1": "3021300906052b0e03021a05000414",
  "SHA-256": "3031300d060960864801650304020105000420",
  "SHA-384": "3041300d060960864801650304020205000430",
  "SHA-512": "3051300d060960864801650304020305000440",
};
const RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
/** RFC 4055 §3.1: id-RSASSA-PSS, as signature algorithm and (restricting the key to PSS) as key algorithm. */
const RSASSA_PSS = "1.2.840.113549.1.1.10";
/** sha1/sha256/sha384/sha512WithRSAEncryption: PKCS#1 v1.5 as well. */
const RSA_PKCS1_SIGNATURES = new Set([RSA_ENCRYPTION, "1.2.840.113549.1.1.5", "1.2.840.113549.1.1.11", "1.2.840.113549.1.1.12", "1.2.840.113549.1.1.13"]);

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

const MAX_MODULUS_BITS = 16384;

export type DigestSignatureCheck = "valid" | "digest-mismatch" | "invalid" | "unsupported";

/** The RSA public operation s^e mod n (RFC 8017 §5.2.2), as the k-byte encoded message; undefined when s is not a representative. */
function encodedMessage(key: pkijs.RSAPublicKey, signatureBytes: Uint8Array): { em: Uint8Array; modulusBits: number } | undefined {
  const modulus = bytesToNumberBE(key.modulus.valueBlock.valueHexView);
  const modulusBits = modulus.toString(2).length;
  const length = Math.ceil(modulusBits / 8);
  const signature = bytesToNumberBE(signatureBytes);
  const exponent = bytesToNumberBE(key.publicExponent.valueBlock.valueHexView);
  // Hostile input: FIPS 186-5 §5.4 bounds e below 2^256; a larger key or exponent only buys a slow
  // exponentiation. A modulus of 0 or 1 is no RSA key (and pow refuses it).
  if (modulus < 2n || signatureBytes.length !== length || signature >= modulus || modulusBits > MAX_MODULUS_BITS || exponent >= 1n << 256n) return undefined;
  return { em: numberToBytesBE(pow(signature, exponent, modulus), length), modulusBits };
}

/** EMSA-PKCS1-v1_5 (RFC 8017 §9.2): 00 01 FF… 00 DigestInfo, the digest last. */
function checkPkcs1Encoding(em: Uint8Array, hash: DigestName, digest: Uint8Array): DigestSignatureCheck {
  const message = hex(em);
  const prefix = DIGEST_INFO_PREFIX[hash];
  const digestHexLength = digest.length * 2;
  const padding = message.length - 6 - prefix.length - digestHexLength;
  if (padding < 16 || message !== `0001${"f".repeat(padding)}00${prefix}${message.slice(-digestHexLength)}`) return "invalid";
  return message.endsWith(hex(digest)) ? "valid" : "digest-mismatch";
}

/**
 * RSA verification over a digest computed elsewhere: a PKCS#7 signature without signed
 * attributes signs the content digest itself (RFC 5652 §5.4), and WebCrypto verifies only over
 * data it hashes. No maintained browser-safe library verifies RSA over a given digest
 * (@noble/curves is elliptic curves only; node:crypto's verify with a null algorithm does not
 * run in the extension), so the encodings are checked here by hand; the big-integer
 * exponentiation is @noble/curves' `pow`, and only public values pass through it. RSASSA-PKCS1-v1_5 (§8.2.2) and RSASSA-PSS (§8.1.2, parameters from the
 * signatureAlgorithm, RFC 4055 §3.1). The encoded message tells a signature over other data
 * (digest-mismatch) from one that is not a signature with this key (invalid). Other key types,
 * and PSS whose hash is not the digest's, cannot be checked this way: unsupported.
 */
export async function checkRsaSignatureOverDigest(options: { certificate: pkijs.Certificate; signatureAlgorithm: pkijs.AlgorithmIdentifier; signature: Uint8Array; hash: DigestName; digest: Uint8Array }): Promise<DigestSignatureCheck> {
  const info = options.certificate.subjectPublicKeyInfo;
  const keyAlgorithm = info.algorithm.algorithmId;
  const signatureOid = options.signatureAlgorithm.algorithmId;
  const pkcs1 = keyAlgorithm === RSA_ENCRYPTION && RSA_PKCS1_SIGNATURES.has(signatureOid);
  const pss = signatureOid === RSASSA_PSS && (keyAlgorithm === RSA_ENCRYPTION || keyAlgorithm === RSASSA_PSS) ? pssParameters(options.signatureAlgorithm) : undefined;
  if (!pkcs1 && pss?.hash !== options.hash) return "unsupported";
  let key: pkijs.RSAPublicKey;
  try {
    key = pkijs.RSAPublicKey.fromBER(arrayBufferView(info.subjectPublicKey.valueBlock.valueHexView));
  } catch {
    return "invalid";
  }
  const encoded = encodedMessage(key, options.signature);
  if (!encoded) return "invalid";
  if (pkcs1) return checkPkcs1Encoding(encoded.em, options.hash, options.digest);
  // RFC 8017 §8.1.2 step 2c: emLen = ⌈(modBits − 1)/8⌉, one byte shorter than k when modBits ≡ 1 (mod 8).
  const emBits = encoded.modulusBits - 1;
  const em = encoded.em.subarray(encoded.em.length - Math.ceil(emBits / 8));
  if (em.length < encoded.em.length && encoded.em[0] !== 0) return "invalid";
  const check = await checkPssEncoding({ em, emBits, mHash: options.digest, parameters: pss! });
  return ({ consistent: "valid", "other-digest": "digest-mismatch", inconsistent: "invalid" } as const)[check];
}
