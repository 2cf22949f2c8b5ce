import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { KysoError } from "../../protocol/kyso-error.js";
import { ID_AA_SIGNATURE_TIME_STAMP_TOKEN, ID_SIGNED_DATA } from "../../cms/cms-oids.js";
import { arrayBufferView } from "../../cms/der.js";
import { PdfName, PdfString } from "../../pdf/objects.js";
import { signedSignatureFields } from "../../pdf/read/form-fields.js";
import type { PdfDocumentReader } from "../../pdf/read/pdf-document-reader.js";

/** What long-term validation data is collected for: one signature or document timestamp. */
export interface EmbeddedSignature {
  fieldName: string;
  kind: "signature" | "document-timestamp";
  /** The /Contents string as stored, padding included (the VRI key is its SHA-1, ISO 32000-2 §12.8.4.4). */
  contentsBytes: Uint8Array;
  /** Every certificate the CMS and its timestamp tokens carry, DER as found. */
  certificatesDer: Uint8Array[];
  /** Whose validity the signature rests on: the signer, and the TSA of each timestamp token. */
  signingCertificatesDer: Uint8Array[];
  /** A signature timestamp in the CMS (PAdES B-T, ETSI EN 319 142-1 §6.3). */
  hasSignatureTimestamp: boolean;
}

interface SignedDataView {
  certificatesDer: Uint8Array[];
  signerCertificateDer?: Uint8Array;
  timestampTokensDer: Uint8Array[];
}

function malformed(fieldName: string, cause: unknown): KysoError {
  return new KysoError("PDF_MALFORMED", `the signature in field "${fieldName}" is not a readable CMS SignedData`, { cause });
}

/**
 * The certificates [0] IMPLICIT SET of SignedData (RFC 5652 §5.1), each X.509 certificate
 * exactly as encoded; pkijs re-encodes what it parses, asn1js keeps the bytes it read.
 */
function rawCertificateChoices(signedData: asn1js.Sequence): Uint8Array[] {
  const set = signedData.valueBlock.value.find((block) => block.idBlock.tagClass === 3 && block.idBlock.tagNumber === 0);
  if (!(set instanceof asn1js.Constructed)) return [];
  // Only plain certificates (a universal SEQUENCE); attribute and other certificate choices are tagged.
  return set.valueBlock.value.filter((block) => block.idBlock.tagClass === 1 && block.idBlock.tagNumber === 16).map((block) => new Uint8Array(block.valueBeforeDecodeView));
}

/**
 * Reads a CMS ContentInfo(SignedData): its certificates exactly as encoded (the DSS must carry
 * the CA's bytes), the signer's certificate (by the SignerInfo's sid), and the timestamp tokens
 * in its unsigned attributes. /Contents is zero-padded after the DER, so only the first
 * element is parsed.
 */
function readSignedData(contents: Uint8Array): SignedDataView {
  const parsed = asn1js.fromBER(arrayBufferView(contents));
  if (parsed.offset === -1) throw new Error(parsed.result.error);
  const contentInfo = new pkijs.ContentInfo({ schema: parsed.result });
  if (contentInfo.contentType !== ID_SIGNED_DATA) throw new Error(`content type ${contentInfo.contentType}`);
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  const certificatesDer = rawCertificateChoices(contentInfo.content as asn1js.Sequence);
  const certificates = certificatesDer.map((der) => pkijs.Certificate.fromBER(arrayBufferView(der)));
  const signerInfo = signedData.signerInfos[0];
  let signerCertificateDer: Uint8Array | undefined;
  if (signerInfo?.sid instanceof pkijs.IssuerAndSerialNumber) {
    const sid = signerInfo.sid;
    const index = certificates.findIndex((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber));
    if (index >= 0) signerCertificateDer = certificatesDer[index];
  }
  const timestampTokensDer = (signerInfo?.unsignedAttrs?.attributes ?? [])
    .filter((attribute) => attribute.type === ID_AA_SIGNATURE_TIME_STAMP_TOKEN)
    .flatMap((attribute) => attribute.values.map((value: asn1js.AsnType) => new Uint8Array(value.valueBeforeDecodeView)));
  return { certificatesDer, ...(signerCertificateDer ? { signerCertificateDer } : {}), timestampTokensDer };
}

/**
 * The signatures and document timestamps of a document, with the certificates each rests on.
 * A field whose /Contents is not a CMS SignedData is reported as malformed: extending a
 * document whose signatures cannot be read would embed validation data for nothing.
 */
export async function readEmbeddedSignatures(reader: PdfDocumentReader): Promise<EmbeddedSignature[]> {
  const found: EmbeddedSignature[] = [];
  for (const field of await signedSignatureFields(reader)) {
    const contents = field.signature.get("Contents");
    if (!(contents instanceof PdfString)) continue;
    // ETSI EN 319 142-1 §5.4.3: a document timestamp is /Type /DocTimeStamp, /SubFilter /ETSI.RFC3161.
    const kind = field.signature.get("SubFilter") === PdfName.of("ETSI.RFC3161") ? "document-timestamp" : "signature";
    let view: SignedDataView;
    let tokens: SignedDataView[];
    try {
      view = readSignedData(contents.bytes);
      tokens = view.timestampTokensDer.map((token) => readSignedData(token));
    } catch (error) {
      throw malformed(field.name, error);
    }
    const signing = [view.signerCertificateDer, ...tokens.map((t) => t.signerCertificateDer)].filter((c): c is Uint8Array => c !== undefined);
    if (signing.length === 0) throw malformed(field.name, new Error("the signer's certificate is not in the CMS"));
    found.push({
      fieldName: field.name,
      kind,
      contentsBytes: contents.bytes,
      certificatesDer: [...view.certificatesDer, ...tokens.flatMap((t) => t.certificatesDer)],
      signingCertificatesDer: signing,
      hasSignatureTimestamp: kind === "signature" && tokens.length > 0,
    });
  }
  return found;
}
