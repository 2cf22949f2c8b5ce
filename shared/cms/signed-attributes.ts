import * as asn1js from "asn1js";
import { KysoError } from "../protocol/kyso-error.js";
import { digest, digestAlgorithmIdentifierDer, HASH_LENGTH_BYTES, type HashAlgorithm } from "./algorithms.js";
import type { CertificateIdentity } from "./certificate-identity.js";
import { ID_AA_SIGNING_CERTIFICATE_V2, ID_CONTENT_TYPE, ID_DATA, ID_MESSAGE_DIGEST, ID_SIGNING_TIME } from "./cms-oids.js";
import { DER_TAG, derOf, derSetOf, derTlv } from "./der.js";

/** RFC 5652 §5.3: Attribute ::= SEQUENCE { attrType OBJECT IDENTIFIER, attrValues SET OF AttributeValue }. */
export function attributeDer(type: string, values: readonly Uint8Array[]): Uint8Array {
  return derTlv(DER_TAG.sequence, [derOf(new asn1js.ObjectIdentifier({ value: type })), derSetOf(values)]);
}

/**
 * RFC 5652 §11.3: signingTime is UTCTime for 1950–2049 and GeneralizedTime otherwise, both
 * in UTC with seconds and no fractions; the milliseconds are dropped so neither form has any.
 */
function timeDer(time: Date): Uint8Array {
  const valueDate = new Date(Math.floor(time.getTime() / 1000) * 1000);
  const year = valueDate.getUTCFullYear();
  return year >= 1950 && year < 2050 ? derOf(new asn1js.UTCTime({ valueDate })) : derOf(new asn1js.GeneralizedTime({ valueDate }));
}

/**
 * RFC 5035 §4 (and ETSI EN 319 122-1 §5.2.2.3, which makes it mandatory for CAdES):
 *   SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies ... OPTIONAL }
 *   ESSCertIDv2 ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier DEFAULT {algorithm id-sha256},
 *                              certHash OCTET STRING, issuerSerial IssuerSerial OPTIONAL }
 *   IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }
 * hashAlgorithm is left out for SHA-256 because DER omits DEFAULT values (X.690 §11.5);
 * issuerSerial is included so that a verifier can tell which certificate was hashed.
 */
async function signingCertificateV2ValueDer(options: { certificateDer: Uint8Array; identity: CertificateIdentity; hash: HashAlgorithm }): Promise<Uint8Array> {
  const certHash = derOf(new asn1js.OctetString({ valueHex: await digest(options.hash, options.certificateDer) }));
  // GeneralName directoryName [4] is EXPLICIT because Name is a CHOICE (X.680 §31.2.7).
  const generalNames = derTlv(DER_TAG.sequence, [derTlv(DER_TAG.contextConstructed4, [options.identity.issuerNameDer])]);
  const issuerSerial = derTlv(DER_TAG.sequence, [generalNames, options.identity.serialNumberDer]);
  const essCertIdFields = options.hash === "SHA-256" ? [certHash, issuerSerial] : [digestAlgorithmIdentifierDer(options.hash), certHash, issuerSerial];
  const essCertId = derTlv(DER_TAG.sequence, essCertIdFields);
  return derTlv(DER_TAG.sequence, [derTlv(DER_TAG.sequence, [essCertId])]);
}

export interface CadesSignedAttributesOptions {
  /** Digest of the signed content (for PAdES: of the ByteRange), computed with `hash`. */
  contentDigest: Uint8Array;
  hash: HashAlgorithm;
  signingCertificateDer: Uint8Array;
  signingCertificateIdentity: CertificateIdentity;
  /** Only when asked: PAdES baseline puts the claimed time in /M (ETSI EN 319 142-1 §5.3). */
  signingTime?: Date;
}

/**
 * The SignedAttributes as the DER SET that is signed (RFC 5652 §5.4: "the DER encoding of
 * the SignedAttrs value ... with an EXPLICIT SET OF tag"), components in DER order.
 * contentType and messageDigest are required whenever signed attributes are present
 * (RFC 5652 §5.3); signingCertificateV2 binds the signer's certificate (EN 319 122-1 §5.2.2).
 */
export async function cadesSignedAttributesDer(options: CadesSignedAttributesOptions): Promise<Uint8Array> {
  if (options.contentDigest.length !== HASH_LENGTH_BYTES[options.hash]) {
    throw new KysoError("BAD_REQUEST", `content digest has ${options.contentDigest.length} bytes; ${options.hash} has ${HASH_LENGTH_BYTES[options.hash]}`);
  }
  const attributes = [
    attributeDer(ID_CONTENT_TYPE, [derOf(new asn1js.ObjectIdentifier({ value: ID_DATA }))]),
    attributeDer(ID_MESSAGE_DIGEST, [derOf(new asn1js.OctetString({ valueHex: new Uint8Array(options.contentDigest) }))]),
    attributeDer(ID_AA_SIGNING_CERTIFICATE_V2, [
      await signingCertificateV2ValueDer({ certificateDer: options.signingCertificateDer, identity: options.signingCertificateIdentity, hash: options.hash }),
    ]),
  ];
  if (options.signingTime) attributes.push(attributeDer(ID_SIGNING_TIME, [timeDer(options.signingTime)]));
  return derSetOf(attributes);
}
