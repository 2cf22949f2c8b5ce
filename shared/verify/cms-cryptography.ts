import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { digest } from "../cms/algorithms.js";
import { arrayBufferView, bytesEqual } from "../cms/der.js";
import { checkSignatureOverDigest } from "./signature-over-digest.js";
import type { DigestName, SignerCms } from "../cms/signer-cms.js";

/** A weakness the verdict weighs (ETSI TS 119 312: SHA-1 and RSA below 2048 bits are no longer adequate). */
export type AlgorithmWeakness = "sha1-digest" | "rsa-key-below-2048";

export type CryptoProblem =
  | "signer-certificate-missing"
  | "signed-attributes-missing"
  | "digest-algorithm-unknown"
  | "message-digest-mismatch"
  | "content-type-missing"
  | "content-type-mismatch"
  | "signing-certificate-mismatch"
  | "signature-invalid";

export interface CryptographyResult {
  /** The signature over the signed attributes verifies with the signer certificate's key. */
  signatureValid: boolean;
  /** messageDigest equals the digest of the signed bytes. */
  digestMatches: boolean;
  problems: CryptoProblem[];
  weaknesses: AlgorithmWeakness[];
}

function rsaModulusBits(certificate: pkijs.Certificate): number | undefined {
  const info = certificate.subjectPublicKeyInfo;
  if (info.algorithm.algorithmId !== "1.2.840.113549.1.1.1" && info.algorithm.algorithmId !== "1.2.840.113549.1.1.10") return undefined;
  try {
    const key = pkijs.RSAPublicKey.fromBER(arrayBufferView(info.subjectPublicKey.valueBlock.valueHexView));
    const modulus = key.modulus.valueBlock.valueHexView;
    const leadingZero = modulus[0] === 0 ? 1 : 0;
    return (modulus.length - leadingZero) * 8 - Math.clz32(modulus[leadingZero] ?? 0) + 24;
  } catch {
    return undefined;
  }
}

export function weaknessesOf(options: { digest: DigestName | undefined; certificate: pkijs.Certificate | undefined }): AlgorithmWeakness[] {
  const weaknesses: AlgorithmWeakness[] = [];
  if (options.digest === "SHA-1") weaknesses.push("sha1-digest");
  const bits = options.certificate ? rsaModulusBits(options.certificate) : undefined;
  if (bits !== undefined && bits < 2048) weaknesses.push("rsa-key-below-2048");
  return weaknesses;
}

/**
 * The signer's signature over `data` (the DER of the signed attributes, RFC 5652 §5.4) with
 * the certificate's key: RSA PKCS#1 v1.5 (rsaEncryption or shaXWithRSA), RSASSA-PSS (RFC 4055
 * parameters) and ECDSA (DER r,s converted for WebCrypto). Unknown algorithms do not verify.
 */
export async function verifySignatureValue(options: { data: Uint8Array; signerInfo: pkijs.SignerInfo; certificate: pkijs.Certificate; digest: DigestName }): Promise<boolean> {
  try {
    return await pkijs.getCrypto(true).verifyWithPublicKey(
      arrayBufferView(options.data),
      new asn1js.OctetString({ valueHex: arrayBufferView(options.signerInfo.signature.valueBlock.valueHexView) }),
      options.certificate.subjectPublicKeyInfo,
      options.signerInfo.signatureAlgorithm,
      options.digest,
    );
  } catch {
    return false;
  }
}

/**
 * RFC 5652 §5.4 and §11, RFC 5035, ETSI EN 319 142-1 §5.2 (CAdES-detached for PAdES): signed
 * attributes must be present with contentType (naming the eContentType) and messageDigest;
 * messageDigest must be the digest of the ByteRange; signingCertificate(V2) must name the
 * certificate whose key verifies.
 * `signedDigest` is the ByteRange digest computed with the CMS's digest algorithm.
 */
export async function checkCryptography(cms: SignerCms, signedDigest: Uint8Array | undefined, options: { signedAttributesRequired: boolean } = { signedAttributesRequired: true }): Promise<CryptographyResult> {
  const certificate = cms.signerCertificate?.parsed;
  if (!cms.signedAttributesDer && !options.signedAttributesRequired && certificate && cms.digest && signedDigest) {
    return await checkWithoutSignedAttributes({ cms, certificate, digest: cms.digest, signedDigest });
  }
  const problems: CryptoProblem[] = [];
  if (!certificate) problems.push("signer-certificate-missing");
  if (!cms.digest) problems.push("digest-algorithm-unknown");
  if (!cms.signedAttributesDer) problems.push("signed-attributes-missing");
  if (!cms.contentType) problems.push("content-type-missing");
  // RFC 5652 §11.1: the content-type attribute must name what was signed, the eContentType (for a PDF signature id-data).
  else if (cms.contentType !== cms.signedData.encapContentInfo.eContentType) problems.push("content-type-mismatch");
  const digestMatches = cms.messageDigest !== undefined && signedDigest !== undefined && bytesEqual(cms.messageDigest, signedDigest);
  if (!digestMatches) problems.push("message-digest-mismatch");
  if (cms.signerCertificate && cms.signingCertificateReference) {
    const { hash, certificateHash } = cms.signingCertificateReference;
    if (!bytesEqual(await digest(hash, cms.signerCertificate.der), certificateHash)) problems.push("signing-certificate-mismatch");
  }
  let signatureValid = false;
  if (certificate && cms.digest && cms.signedAttributesDer) {
    signatureValid = await verifySignatureValue({ data: cms.signedAttributesDer, signerInfo: cms.signerInfo, certificate, digest: cms.digest });
  }
  if (!signatureValid) problems.push("signature-invalid");
  return { signatureValid, digestMatches, problems, weaknesses: weaknessesOf({ digest: cms.digest, certificate }) };
}

/**
 * ISO 32000-2 §12.8.3.3: an adbe.pkcs7.detached signature may have no signed attributes; its
 * signature value then signs the ByteRange digest itself (RFC 5652 §5.4). CAdES (PAdES) always
 * has them, so this is never tried for ETSI.CAdES.detached.
 */
async function checkWithoutSignedAttributes(options: { cms: SignerCms; certificate: pkijs.Certificate; digest: DigestName; signedDigest: Uint8Array }): Promise<CryptographyResult> {
  const weaknesses = weaknessesOf({ digest: options.digest, certificate: options.certificate });
  const check = await checkSignatureOverDigest({
    certificate: options.certificate,
    signatureAlgorithm: options.cms.signerInfo.signatureAlgorithm,
    signature: options.cms.signerInfo.signature.valueBlock.valueHexView,
    hash: options.digest,
    digest: options.signedDigest,
  });
  const problems: Record<typeof check, CryptoProblem[]> = { valid: [], "digest-mismatch": ["message-digest-mismatch"], invalid: ["signature-invalid"], unsupported: ["signed-attributes-missing"] };
  return { signatureValid: check === "valid" || check === "digest-mismatch", digestMatches: check === "valid", problems: problems[check], weaknesses };
}
