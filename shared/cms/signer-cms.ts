import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { hashAlgorithmForOid, type DigestName } from "./algorithms.js";
import { ID_AA_SIGNATURE_TIME_STAMP_TOKEN, ID_AA_SIGNING_CERTIFICATE_V2, ID_CONTENT_TYPE, ID_MESSAGE_DIGEST, ID_SIGNED_DATA, ID_SIGNING_TIME } from "./cms-oids.js";
import { arrayBufferView, bytesEqual } from "./der.js";

/**
 * The one reader of a CMS SignedData that someone else signed (a PDF signature's /Contents, an
 * RFC 3161 token): verification reads it to judge it, long-term validation (shared/pades/ltv)
 * to collect what it rests on. It trusts nothing it reads.
 */

export type { DigestName } from "./algorithms.js";
const SHA1_OID = "1.3.14.3.2.26";
/** RFC 2634 §5.4: id-aa-signingCertificate (ESS v1, SHA-1 certificate hashes). */
const ID_AA_SIGNING_CERTIFICATE = "1.2.840.113549.1.9.16.2.12";
/** Adobe's adbe-revocationInfoArchival signed attribute (ISO 32000-1 §12.8.3.3.2). */
const ID_ADBE_REVOCATION_INFO_ARCHIVAL = "1.2.840.113583.1.1.8";

export function digestNameForOid(oid: string): DigestName | undefined {
  return oid === SHA1_OID ? "SHA-1" : hashAlgorithmForOid(oid);
}

/** What ESS signingCertificate(V2) binds the signature to (RFC 5035 §3, RFC 2634 §5.4). */
export interface SigningCertificateReference {
  hash: DigestName;
  certificateHash: Uint8Array;
}

/** One CMS SignedData with its (first) SignerInfo, read without trusting anything in it. */
export interface SignerCms {
  signedData: pkijs.SignedData;
  signerInfo: pkijs.SignerInfo;
  /** How many SignerInfos the SignedData has; PAdES and RFC 3161 tokens have exactly one. */
  signerInfoCount: number;
  /** Certificates carried, DER as encoded (hashes and the DSS need the CA's bytes). */
  certificatesDer: Uint8Array[];
  signerCertificate?: { der: Uint8Array; parsed: pkijs.Certificate };
  digest?: DigestName;
  /** RFC 5652 §5.4: the signed attributes re-tagged as SET OF — exactly what was signed. */
  signedAttributesDer?: Uint8Array;
  messageDigest?: Uint8Array;
  contentType?: string;
  signingTime?: Date;
  signingCertificateReference?: SigningCertificateReference;
  /** RFC 3161 App. A signature timestamp tokens (unsigned attribute), DER as found. */
  timestampTokensDer: Uint8Array[];
  /** adbe-revocationInfoArchival: CRLs and OCSP responses signed along with the signature. */
  archivedRevocation: { crlsDer: Uint8Array[]; ocspResponsesDer: Uint8Array[] };
  /** Bytes after the DER that are not zero padding: a /Contents carrying something besides the CMS. */
  trailingData: boolean;
}

function rawCertificates(signedDataSchema: asn1js.Sequence): Uint8Array[] {
  const set = signedDataSchema.valueBlock.value.find((block) => block.idBlock.tagClass === 3 && block.idBlock.tagNumber === 0);
  if (!(set instanceof asn1js.Constructed)) return [];
  return set.valueBlock.value.filter((block) => block.idBlock.tagClass === 1 && block.idBlock.tagNumber === 16).map((block) => new Uint8Array(block.valueBeforeDecodeView));
}

function findSigner(signerInfo: pkijs.SignerInfo, certificatesDer: Uint8Array[]): SignerCms["signerCertificate"] {
  for (const der of certificatesDer) {
    let parsed: pkijs.Certificate;
    try {
      parsed = pkijs.Certificate.fromBER(arrayBufferView(der));
    } catch {
      continue;
    }
    const sid = signerInfo.sid as unknown;
    if (sid instanceof pkijs.IssuerAndSerialNumber && parsed.issuer.isEqual(sid.issuer) && parsed.serialNumber.isEqual(sid.serialNumber)) return { der, parsed };
    if (sid instanceof asn1js.Constructed || sid instanceof asn1js.OctetString) {
      // RFC 5652 §5.3 subjectKeyIdentifier [0]: matched against the certificate's SKI extension.
      const wanted = sid instanceof asn1js.OctetString ? sid.valueBlock.valueHexView : (sid.valueBlock.value[0] as asn1js.OctetString | undefined)?.valueBlock.valueHexView;
      const ski = parsed.extensions?.find((e) => e.extnID === "2.5.29.14")?.parsedValue as asn1js.OctetString | undefined;
      if (wanted && ski && bytesEqual(ski.valueBlock.valueHexView, wanted)) return { der, parsed };
    }
  }
  return undefined;
}

function attributeValue(attributes: pkijs.Attribute[] | undefined, oid: string): asn1js.AsnType | undefined {
  return attributes?.find((a) => a.type === oid)?.values[0] as asn1js.AsnType | undefined;
}

/** ESSCertIDv2 (RFC 5035 §4): hashAlgorithm DEFAULT sha256, certHash; ESSCertID (RFC 2634): certHash SHA-1. */
function signingCertificateReference(attributes: pkijs.Attribute[] | undefined): SigningCertificateReference | undefined {
  const v2 = attributeValue(attributes, ID_AA_SIGNING_CERTIFICATE_V2);
  if (v2 instanceof asn1js.Sequence) {
    const certs = v2.valueBlock.value[0];
    const first = certs instanceof asn1js.Sequence ? certs.valueBlock.value[0] : undefined;
    if (!(first instanceof asn1js.Sequence)) return undefined;
    const [a, b] = first.valueBlock.value;
    if (a instanceof asn1js.Sequence && b instanceof asn1js.OctetString) {
      const oid = a.valueBlock.value[0];
      const hash = oid instanceof asn1js.ObjectIdentifier ? digestNameForOid(oid.valueBlock.toString()) : undefined;
      return hash ? { hash, certificateHash: b.valueBlock.valueHexView } : undefined;
    }
    if (a instanceof asn1js.OctetString) return { hash: "SHA-256", certificateHash: a.valueBlock.valueHexView };
    return undefined;
  }
  const v1 = attributeValue(attributes, ID_AA_SIGNING_CERTIFICATE);
  const first = v1 instanceof asn1js.Sequence && v1.valueBlock.value[0] instanceof asn1js.Sequence ? v1.valueBlock.value[0].valueBlock.value[0] : undefined;
  const hash = first instanceof asn1js.Sequence ? first.valueBlock.value[0] : undefined;
  return hash instanceof asn1js.OctetString ? { hash: "SHA-1", certificateHash: hash.valueBlock.valueHexView } : undefined;
}

/** RevocationInfoArchival ::= SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CRL, ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse, … }. */
function archivedRevocation(attributes: pkijs.Attribute[] | undefined): SignerCms["archivedRevocation"] {
  const value = attributeValue(attributes, ID_ADBE_REVOCATION_INFO_ARCHIVAL);
  const result: SignerCms["archivedRevocation"] = { crlsDer: [], ocspResponsesDer: [] };
  if (!(value instanceof asn1js.Sequence)) return result;
  for (const tagged of value.valueBlock.value) {
    if (!(tagged instanceof asn1js.Constructed) || tagged.idBlock.tagClass !== 3) continue;
    const list = tagged.valueBlock.value[0];
    if (!(list instanceof asn1js.Sequence)) continue;
    const ders = list.valueBlock.value.map((item) => new Uint8Array(item.valueBeforeDecodeView));
    if (tagged.idBlock.tagNumber === 0) result.crlsDer.push(...ders);
    if (tagged.idBlock.tagNumber === 1) result.ocspResponsesDer.push(...ders);
  }
  return result;
}

/** The [0] IMPLICIT signedAttrs of the SignerInfo as read, re-tagged as the SET OF that was signed. */
function signedAttributesDer(signerInfoSchema: asn1js.AsnType | undefined): Uint8Array | undefined {
  if (!(signerInfoSchema instanceof asn1js.Sequence)) return undefined;
  const block = signerInfoSchema.valueBlock.value.find((b) => b.idBlock.tagClass === 3 && b.idBlock.tagNumber === 0);
  if (!block) return undefined;
  const der = new Uint8Array(block.valueBeforeDecodeView);
  der[0] = 0x31;
  return der;
}

/**
 * Parses /Contents (or a timestamp token) as ContentInfo(SignedData), the first SignerInfo's
 * view of it. /Contents is zero-padded after the DER, so only the first element is parsed.
 * Throws (an Error saying what is wrong) when it is not a SignedData with a SignerInfo.
 */
export function parseSignerCms(contents: Uint8Array): SignerCms {
  const parsed = asn1js.fromBER(arrayBufferView(contents));
  if (parsed.offset === -1 || parsed.result.error) throw new Error(parsed.result.error || "not DER");
  const contentInfo = new pkijs.ContentInfo({ schema: parsed.result });
  if (contentInfo.contentType !== ID_SIGNED_DATA) throw new Error(`content type ${contentInfo.contentType}`);
  const signedDataSchema = contentInfo.content as asn1js.Sequence;
  const signedData = new pkijs.SignedData({ schema: signedDataSchema });
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo) throw new Error("no SignerInfo");
  const certificatesDer = rawCertificates(signedDataSchema);
  const signerInfosSet = signedDataSchema.valueBlock.value.at(-1);
  const signerInfoSchema = signerInfosSet instanceof asn1js.Set ? signerInfosSet.valueBlock.value[0] : undefined;
  const attributes = signerInfo.signedAttrs?.attributes;
  const digestValue = attributeValue(attributes, ID_MESSAGE_DIGEST);
  const contentTypeValue = attributeValue(attributes, ID_CONTENT_TYPE);
  const signingTimeValue = attributeValue(attributes, ID_SIGNING_TIME);
  const trailing = contents.subarray(parsed.offset);
  const signer = findSigner(signerInfo, certificatesDer);
  const digest = digestNameForOid(signerInfo.digestAlgorithm.algorithmId);
  const attributesDer = signedAttributesDer(signerInfoSchema);
  const reference = signingCertificateReference(attributes);
  return {
    signedData, signerInfo, signerInfoCount: signedData.signerInfos.length, certificatesDer,
    ...(signer ? { signerCertificate: signer } : {}),
    ...(digest ? { digest } : {}),
    ...(attributesDer ? { signedAttributesDer: attributesDer } : {}),
    ...(digestValue instanceof asn1js.OctetString ? { messageDigest: digestValue.valueBlock.valueHexView } : {}),
    ...(contentTypeValue instanceof asn1js.ObjectIdentifier ? { contentType: contentTypeValue.valueBlock.toString() } : {}),
    ...(signingTimeValue instanceof asn1js.UTCTime || signingTimeValue instanceof asn1js.GeneralizedTime ? { signingTime: signingTimeValue.toDate() } : {}),
    ...(reference ? { signingCertificateReference: reference } : {}),
    timestampTokensDer: (signerInfo.unsignedAttrs?.attributes ?? [])
      .filter((a) => a.type === ID_AA_SIGNATURE_TIME_STAMP_TOKEN)
      .flatMap((a) => a.values.map((v: asn1js.AsnType) => new Uint8Array(v.valueBeforeDecodeView))),
    archivedRevocation: archivedRevocation(attributes),
    trailingData: trailing.some((byte) => byte !== 0),
  };
}

/**
 * For judging a signature: the SignedData with exactly one SignerInfo (a PDF signature and an
 * RFC 3161 token have one), else `undefined` — a format failure of the signature, not a crash.
 */
export function readSignerCms(contents: Uint8Array): SignerCms | undefined {
  try {
    const cms = parseSignerCms(contents);
    return cms.signerInfoCount === 1 ? cms : undefined;
  } catch {
    return undefined;
  }
}
