import { PdfName, type PdfDict, type PdfRef } from "../pdf/objects.js";
import { signatureFieldDictionaries, type FormField } from "../pdf/read/form-fields.js";
import type { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";

/** A signature field whose value is a signature dictionary, well-formed or not. */
export interface SignatureFieldValue {
  fieldName: string;
  fieldRef: PdfRef;
  signature: PdfDict;
  signatureRef?: PdfRef;
  kind: "signature" | "document-timestamp";
}

/**
 * Every signature field of `fields` with a dictionary as its /V (ISO 32000-2 §12.7.5.5),
 * including those whose /Contents or /ByteRange is missing, null or of the wrong type:
 * universal signature forgery (USF) relies on readers skipping such a signature silently
 * instead of failing it.
 */
export async function signatureFieldValues(reader: PdfDocumentReader, fields: FormField[]): Promise<SignatureFieldValue[]> {
  const found: SignatureFieldValue[] = [];
  for (const field of await signatureFieldDictionaries(reader, fields)) {
    const { signature } = field;
    // /FT may be inherited from a parent field (§12.7.4.1): a dictionary that looks like a signature counts.
    const looksSigned = signature.get("Type") === PdfName.of("Sig") || signature.get("ByteRange") !== undefined || signature.get("Contents") !== undefined;
    if (field.dict.get("FT") === undefined && !looksSigned) continue;
    // ETSI EN 319 142-1 §5.4.3: a document timestamp is /Type /DocTimeStamp with /SubFilter /ETSI.RFC3161.
    const kind = signature.get("SubFilter") === PdfName.of("ETSI.RFC3161") || signature.get("Type") === PdfName.of("DocTimeStamp") ? "document-timestamp" : "signature";
    found.push({ fieldName: field.name, fieldRef: field.ref, signature, ...(field.signatureRef ? { signatureRef: field.signatureRef } : {}), kind });
  }
  return found;
}
