import * as asn1js from "asn1js";
import { KysoError } from "../protocol/kyso-error.js";
import { assertSignatureAlgorithm, digestAlgorithmIdentifierDer, signatureAlgorithmIdentifierDer } from "./algorithms.js";
import { certificateIdentity } from "./certificate-identity.js";
import type { CmsSigner } from "./cms-signer.js";
import { ID_AA_SIGNATURE_TIME_STAMP_TOKEN, ID_DATA, ID_SIGNED_DATA } from "./cms-oids.js";
import { bytesEqual, childWithTag, DER_TAG, derOf, derTlv, parseDer, type DerElement } from "./der.js";
import { attributeDer, cadesSignedAttributesDer } from "./signed-attributes.js";

/**
 * CMS SignedData for PAdES with SubFilter ETSI.CAdES.detached (ETSI EN 319 142-1 §6.3,
 * CAdES baseline of EN 319 122-1 §6): detached, one SignerInfo, signed attributes
 * contentType, messageDigest, signingCertificateV2 (and signingTime only on request).
 *
 * Placeholder sizing: `estimateCadesSize` (cades-size.ts) runs this same builder with a
 * signer that returns a dummy signature of the largest length the key can produce.
 */

export interface CadesDetachedOptions {
  /** Digest of the detached content (for PAdES: of the ByteRange), with signer.algorithm.hash. */
  contentDigest: Uint8Array;
  signer: CmsSigner;
  /** Adds a signingTime attribute; PAdES baseline leaves it out and uses /M (EN 319 142-1 §5.3). */
  signingTime?: Date;
}

export interface CadesDetachedSignature {
  /** ContentInfo(SignedData), DER, for the /Contents of the signature dictionary. */
  contentInfoDer: Uint8Array;
  /** The SignerInfo signature value: what a signature timestamp is computed over (RFC 3161 App. A). */
  signatureValue: Uint8Array;
}

const VERSION_1 = derOf(new asn1js.Integer({ value: 1 }));
const ID_DATA_DER = derOf(new asn1js.ObjectIdentifier({ value: ID_DATA }));
const ID_SIGNED_DATA_DER = derOf(new asn1js.ObjectIdentifier({ value: ID_SIGNED_DATA }));

/** RFC 5652 §10.2.1 CertificateChoices: certificates must be single well-formed elements, carried verbatim. */
function certificatesDer(signer: CmsSigner): Uint8Array[] {
  const unique: Uint8Array[] = [];
  // Signer first: some verifiers still take the first certificate as the signer's.
  for (const der of [signer.certificateDer, ...signer.chainDer]) {
    if (parseDer(der, "certificate").tag !== DER_TAG.sequence) throw new KysoError("BAD_REQUEST", "a certificate of the chain is not an X.509 certificate");
    if (!unique.some((known) => bytesEqual(known, der))) unique.push(der);
  }
  return unique;
}

/** Catches a provider that forgot ecdsaRawToDer: RFC 5753 §7.2 wants Ecdsa-Sig-Value, not r || s. */
function assertSignatureShape(signer: CmsSigner, signatureValue: Uint8Array): void {
  if (signatureValue.length === 0) throw new KysoError("INTERNAL_ERROR", "the signer returned an empty signature");
  if (signer.algorithm.scheme !== "ecdsa") return;
  let shape: DerElement | undefined;
  try {
    shape = parseDer(signatureValue, "ECDSA signature");
  } catch {
    shape = undefined;
  }
  if (shape?.tag !== DER_TAG.sequence || shape.children.length !== 2) {
    throw new KysoError("INTERNAL_ERROR", "the signer returned an ECDSA signature that is not DER Ecdsa-Sig-Value (raw r || s needs ecdsaRawToDer)");
  }
}

export async function buildCadesDetachedSignedData(options: CadesDetachedOptions): Promise<CadesDetachedSignature> {
  const { signer } = options;
  assertSignatureAlgorithm(signer.algorithm);
  const { hash } = signer.algorithm;
  const identity = certificateIdentity(signer.certificateDer);
  const certificates = certificatesDer(signer);
  const signedAttributesDer = await cadesSignedAttributesDer({
    contentDigest: options.contentDigest,
    hash,
    signingCertificateDer: signer.certificateDer,
    signingCertificateIdentity: identity,
    ...(options.signingTime ? { signingTime: options.signingTime } : {}),
  });
  const signatureValue = await signer.sign(signedAttributesDer);
  assertSignatureShape(signer, signatureValue);

  // RFC 5652 §5.4: signed as a SET (tag 0x31), carried as signedAttrs [0] IMPLICIT.
  const signedAttrsImplicit = signedAttributesDer.slice();
  signedAttrsImplicit[0] = DER_TAG.contextConstructed0;
  const digestAlgorithm = digestAlgorithmIdentifierDer(hash);
  // RFC 5652 §5.3: version 1 because sid is IssuerAndSerialNumber.
  const signerInfo = derTlv(DER_TAG.sequence, [
    VERSION_1,
    derTlv(DER_TAG.sequence, [identity.issuerNameDer, identity.serialNumberDer]),
    digestAlgorithm,
    signedAttrsImplicit,
    signatureAlgorithmIdentifierDer(signer.algorithm),
    derOf(new asn1js.OctetString({ valueHex: new Uint8Array(signatureValue) })),
  ]);
  // RFC 5652 §5.1: version 1 (no attribute certificates, id-data, only v1 SignerInfos);
  // §5.2: detached, so EncapsulatedContentInfo has eContentType id-data and no eContent.
  const signedData = derTlv(DER_TAG.sequence, [
    VERSION_1,
    derTlv(DER_TAG.set, [digestAlgorithm]),
    derTlv(DER_TAG.sequence, [ID_DATA_DER]),
    derTlv(DER_TAG.contextConstructed0, certificates),
    derTlv(DER_TAG.set, [signerInfo]),
  ]);
  const contentInfoDer = derTlv(DER_TAG.sequence, [ID_SIGNED_DATA_DER, derTlv(DER_TAG.contextConstructed0, [signedData])]);
  return { contentInfoDer, signatureValue };
}

/** The ContentInfo → SignedData → single SignerInfo path of a CMS signature, raw elements kept. */
function signedDataPath(contentInfoDer: Uint8Array): { contentInfo: DerElement; signedData: DerElement; signerInfo: DerElement } {
  const contentInfo = parseDer(contentInfoDer, "CMS ContentInfo");
  const contentType = childWithTag(contentInfo, { index: 0, tag: DER_TAG.objectIdentifier, what: "CMS contentType" });
  if (contentInfo.tag !== DER_TAG.sequence || !bytesEqual(contentType.der, ID_SIGNED_DATA_DER)) {
    throw new KysoError("BAD_REQUEST", "CMS ContentInfo does not hold SignedData");
  }
  const explicit = childWithTag(contentInfo, { index: 1, tag: DER_TAG.contextConstructed0, what: "CMS content" });
  const signedData = childWithTag(explicit, { index: 0, tag: DER_TAG.sequence, what: "CMS SignedData" });
  const signerInfos = childWithTag(signedData, { index: signedData.children.length - 1, tag: DER_TAG.set, what: "CMS signerInfos" });
  if (signerInfos.children.length !== 1) throw new KysoError("BAD_REQUEST", `CMS SignedData has ${signerInfos.children.length} SignerInfos; PAdES has exactly one`);
  return { contentInfo, signedData, signerInfo: childWithTag(signerInfos, { index: 0, tag: DER_TAG.sequence, what: "CMS SignerInfo" }) };
}

/**
 * Adds one unsigned attribute (RFC 5652 §5.3 unsignedAttrs [1] IMPLICIT) to the single
 * SignerInfo, appended after any already there: EN 319 122-1 §5.5 gives the order of
 * unsigned attributes meaning. Everything else is copied byte for byte, so the signature,
 * certificates and signed attributes stay exactly as signed.
 */
export function addUnsignedAttribute(contentInfoDer: Uint8Array, attribute: Uint8Array): Uint8Array {
  const { contentInfo, signedData, signerInfo } = signedDataPath(contentInfoDer);
  if (parseDer(attribute, "CMS attribute").tag !== DER_TAG.sequence) throw new KysoError("BAD_REQUEST", "a CMS attribute must be a SEQUENCE");
  const fields = signerInfo.children;
  const last = fields[fields.length - 1];
  const existing = last?.tag === DER_TAG.contextConstructed1 ? last : undefined;
  const kept = (existing ? fields.slice(0, -1) : fields).map((field) => field.der);
  const unsignedAttrs = derTlv(DER_TAG.contextConstructed1, [...(existing?.children.map((a) => a.der) ?? []), attribute]);
  const newSignerInfo = derTlv(DER_TAG.sequence, [...kept, unsignedAttrs]);
  const newSignedData = derTlv(DER_TAG.sequence, [...signedData.children.slice(0, -1).map((field) => field.der), derTlv(DER_TAG.set, [newSignerInfo])]);
  return derTlv(DER_TAG.sequence, [contentInfo.children[0]!.der, derTlv(DER_TAG.contextConstructed0, [newSignedData])]);
}

/**
 * Makes a B-T signature: the RFC 3161 token over the signature value goes in as
 * id-aa-signatureTimeStampToken (RFC 3161 App. A, EN 319 122-1 §5.3), verbatim.
 */
export function addSignatureTimestamp(contentInfoDer: Uint8Array, timeStampTokenDer: Uint8Array): Uint8Array {
  const token = parseDer(timeStampTokenDer, "timestamp token");
  if (token.tag !== DER_TAG.sequence || !bytesEqual(token.children[0]?.der ?? new Uint8Array(), ID_SIGNED_DATA_DER)) {
    throw new KysoError("BAD_REQUEST", "the timestamp token is not a CMS SignedData ContentInfo");
  }
  return addUnsignedAttribute(contentInfoDer, attributeDer(ID_AA_SIGNATURE_TIME_STAMP_TOKEN, [timeStampTokenDer]));
}
