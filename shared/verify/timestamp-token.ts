import * as pkijs from "pkijs";
import { digest } from "../cms/algorithms.js";
import { ID_CT_TST_INFO } from "../cms/cms-oids.js";
import { bytesEqual } from "../cms/der.js";
import { verifySignatureValue } from "./cms-cryptography.js";
import { digestNameForOid, readSignerCms, type DigestName, type SignerCms } from "../cms/signer-cms.js";

/** RFC 3161 §2.3: the TSA certificate's only extended key usage, id-kp-timeStamping. */
export const ID_KP_TIME_STAMPING = "1.3.6.1.5.5.7.3.8";

export interface TimestampToken {
  cms: SignerCms;
  genTime: Date;
  imprintHash: DigestName;
  imprint: Uint8Array;
}

/** Reads an RFC 3161 TimeStampToken (§2.4.2): SignedData over an id-ct-TSTInfo eContent. */
export function readTimestampToken(tokenDer: Uint8Array): TimestampToken | undefined {
  const cms = readSignerCms(tokenDer);
  const { eContentType, eContent } = cms?.signedData.encapContentInfo ?? {};
  if (!cms || eContentType !== ID_CT_TST_INFO || !eContent) return undefined;
  try {
    const tstInfo = pkijs.TSTInfo.fromBER(eContent.getValue());
    const imprintHash = digestNameForOid(tstInfo.messageImprint.hashAlgorithm.algorithmId);
    if (!imprintHash) return undefined;
    return { cms, genTime: tstInfo.genTime, imprintHash, imprint: tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView };
  } catch {
    return undefined;
  }
}

/**
 * The token's own integrity (RFC 3161 §2.4.2, RFC 5652 §5.4): contentType is id-ct-TSTInfo,
 * messageDigest is the digest of the encapsulated TSTInfo, the TSA's signature over the signed
 * attributes verifies with the certificate the token names, signingCertificate(V2) is present
 * and names that certificate, and the imprint
 * is `expectedImprint` — the digest of the signature value (signature timestamp, RFC 3161
 * App. A) or of the ByteRange (document timestamp). Whether the TSA is trusted is the path's job.
 */
export async function checkTimestampToken(token: TimestampToken, expectedImprint: Uint8Array | undefined): Promise<boolean> {
  const { cms } = token;
  const certificate = cms.signerCertificate;
  const eContent = cms.signedData.encapContentInfo.eContent;
  if (!certificate || !cms.digest || !cms.signedAttributesDer || !cms.messageDigest || !eContent || !expectedImprint) return false;
  // RFC 5652 §11.1: the content-type attribute names the TSTInfo; RFC 3161 §2.4.1 (V2: RFC 5816 §2.2.1):
  // the ESS signing certificate attribute MUST be there, so the TSA's certificate cannot be swapped.
  if (cms.contentType !== ID_CT_TST_INFO || !cms.signingCertificateReference) return false;
  if (!bytesEqual(token.imprint, expectedImprint)) return false;
  if (!bytesEqual(await digest(cms.digest, new Uint8Array(eContent.getValue())), cms.messageDigest)) return false;
  const { hash, certificateHash } = cms.signingCertificateReference;
  if (!bytesEqual(await digest(hash, certificate.der), certificateHash)) return false;
  return verifySignatureValue({ data: cms.signedAttributesDer, signerInfo: cms.signerInfo, certificate: certificate.parsed, digest: cms.digest });
}
