import { KysoError } from "../../protocol/kyso-error.js";
import { parseSignerCms, type SignerCms } from "../../cms/signer-cms.js";
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

function malformed(fieldName: string, cause: unknown): KysoError {
  return new KysoError("PDF_MALFORMED", `the signature in field "${fieldName}" is not a readable CMS SignedData`, { cause });
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
    let view: SignerCms;
    let tokens: SignerCms[];
    try {
      view = parseSignerCms(contents.bytes);
      tokens = view.timestampTokensDer.map((token) => parseSignerCms(token));
    } catch (error) {
      throw malformed(field.name, error);
    }
    const signing = [view, ...tokens].flatMap((cms) => (cms.signerCertificate ? [cms.signerCertificate.der] : []));
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
