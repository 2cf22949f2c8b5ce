import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { KysoError } from "../protocol/kyso-error.js";
import { HASH_LENGTH_BYTES, RSA_ENCRYPTION_OID, RSASSA_PSS_OID } from "./algorithms.js";
import { addSignatureTimestamp, buildCadesDetachedSignedData } from "./cades-detached.js";
import { certificateIdentity } from "./certificate-identity.js";
import { ecdsaRawToDer, type CmsSigner } from "./cms-signer.js";
import { ID_SIGNED_DATA } from "./cms-oids.js";
import { DER_TAG, derOf, derTlv } from "./der.js";

/**
 * Dry run for placeholder sizing (the PDF /Contents must be reserved before the ByteRange
 * digest exists): builds the real CMS with a dummy signature of the largest length the
 * signer's key can produce, so the result is an upper bound, never a silent overflow.
 */

/** RFC 5480 §2.1.1: id-ecPublicKey. */
const ID_EC_PUBLIC_KEY = "1.2.840.10045.2.1";

function stripLeadingZeros(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.subarray(start);
}

/**
 * A dummy signature value of the largest length the certificate's key can produce: RSA
 * signatures are exactly as long as the modulus (RFC 8017 §8.1.1, §8.2.1); a DER
 * Ecdsa-Sig-Value is longest when r and s both need their leading 0x00 (RFC 5753 §7.2).
 */
function longestSignatureValue(certificateDer: Uint8Array): Uint8Array {
  const { subjectPublicKeyInfo } = certificateIdentity(certificateDer).certificate;
  const keyAlgorithm = subjectPublicKeyInfo.algorithm.algorithmId;
  const publicKey = subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
  if (keyAlgorithm === RSA_ENCRYPTION_OID || keyAlgorithm === RSASSA_PSS_OID) {
    const rsaPublicKey = pkijs.RSAPublicKey.fromBER(publicKey.slice());
    return new Uint8Array(stripLeadingZeros(rsaPublicKey.modulus.valueBlock.valueHexView).length).fill(0xff);
  }
  if (keyAlgorithm === ID_EC_PUBLIC_KEY && publicKey.length > 1) {
    // SEC 1 §2.3.3: 04 || X || Y uncompressed, 02/03 || X compressed; X is one field element.
    const fieldLength = publicKey[0] === 0x04 ? (publicKey.length - 1) / 2 : publicKey.length - 1;
    return ecdsaRawToDer(new Uint8Array(fieldLength * 2).fill(0xff));
  }
  throw new KysoError("KEY_UNSUPPORTED", `the signer's public key algorithm ${keyAlgorithm} is not supported`);
}

/** Largest signature value, in bytes, that the key of this certificate produces. */
export function maxSignatureValueLength(certificateDer: Uint8Array): number {
  return longestSignatureValue(certificateDer).length;
}

/** A syntactically valid stand-in token (SignedData ContentInfo) at least `sizeBytes` long. */
function dummyTimestampToken(sizeBytes: number): Uint8Array {
  const contentType = derOf(new asn1js.ObjectIdentifier({ value: ID_SIGNED_DATA }));
  for (let padding = Math.max(0, sizeBytes - 24); ; padding++) {
    const token = derTlv(DER_TAG.sequence, [contentType, derTlv(DER_TAG.contextConstructed0, [derTlv(DER_TAG.octetString, [new Uint8Array(padding)])])]);
    if (token.length >= sizeBytes) return token;
  }
}

export interface CadesSizeOptions {
  signer: CmsSigner;
  /** Same as for the real signature: signingTime changes the size. */
  signingTime?: Date;
  /**
   * Room for a signatureTimeStampToken (B-T): the size in bytes of a token from the TSA
   * that will be used, e.g. measured with one request beforehand (tokens from one TSA
   * differ by a few bytes only; add a margin).
   */
  timeStampTokenSizeBytes?: number;
}

/** Upper bound, in bytes, of the ContentInfo DER that buildCadesDetachedSignedData will return. */
export async function estimateCadesSize(options: CadesSizeOptions): Promise<number> {
  const { signer } = options;
  const dummySignature = longestSignatureValue(signer.certificateDer);
  const dryRunSigner: CmsSigner = { ...signer, sign: () => Promise.resolve(dummySignature) };
  const { contentInfoDer } = await buildCadesDetachedSignedData({
    contentDigest: new Uint8Array(HASH_LENGTH_BYTES[signer.algorithm.hash]),
    signer: dryRunSigner,
    ...(options.signingTime ? { signingTime: options.signingTime } : {}),
  });
  if (options.timeStampTokenSizeBytes === undefined) return contentInfoDer.length;
  return addSignatureTimestamp(contentInfoDer, dummyTimestampToken(options.timeStampTokenSizeBytes)).length;
}
