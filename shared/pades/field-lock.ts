import { KysoError } from "../protocol/kyso-error.js";
import { PdfDict, PdfName, PdfRef, type PdfValue } from "../pdf/objects.js";
import { fieldLocksOf, locksField, type FieldLock } from "../pdf/read/field-locks.js";
import type { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";
import { textString, type WritableDict, type WritableValue } from "../pdf/write/pdf-serializer.js";

export type { FieldLock } from "../pdf/read/field-locks.js";

/** The signature field's /Lock: what signing this field will lock (§12.7.5.5). */
export function lockDictionary(lock: FieldLock): PdfDict {
  const entries: Array<[string, PdfValue]> = [["Type", PdfName.of("SigFieldLock")], ["Action", PdfName.of(lock.action)]];
  if (lock.action !== "All") entries.push(["Fields", lock.fields.map((name) => textString(name))]);
  return new PdfDict(entries);
}

/**
 * Adds the FieldMDP signature reference (ISO 32000-1 §12.8.1 Table 253, §12.8.2.4) that makes
 * a signature's lock binding: viewers check after each later revision that the locked fields
 * kept their values. /Data names the catalog, as PDF 1.7 readers (Acrobat) expect; PDF 2.0
 * deprecates it but allows it.
 */
export function addFieldMdpReference(signature: WritableDict, options: { lock: FieldLock; catalogRef: PdfRef }): void {
  const { lock } = options;
  const params: Array<[string, PdfValue]> = [["Type", PdfName.of("TransformParams")], ["Action", PdfName.of(lock.action)], ["V", PdfName.of("1.2")]];
  if (lock.action !== "All") params.push(["Fields", lock.fields.map((name) => textString(name))]);
  const reference = new PdfDict([
    ["Type", PdfName.of("SigRef")], ["TransformMethod", PdfName.of("FieldMDP")], ["TransformParams", new PdfDict(params)], ["Data", options.catalogRef],
  ]);
  const existing = signature.entries.get("Reference");
  signature.entries.set("Reference", [...(Array.isArray(existing) ? (existing as WritableValue[]) : []), reference]);
}

/**
 * Refuses to sign into a field that an earlier signature locked (its FieldMDP reference, §12.8.2.4):
 * giving that field a value would invalidate the earlier signature.
 */
export async function assertFieldNotLocked(options: { reader: PdfDocumentReader; fieldName: string; signatures: PdfDict[] }): Promise<void> {
  for (const signature of options.signatures) {
    for (const lock of await fieldLocksOf(options.reader, signature)) {
      if (locksField(lock, options.fieldName)) throw new KysoError("PDF_CHANGES_NOT_PERMITTED", `field "${options.fieldName}" is locked by an earlier signature (FieldMDP)`);
    }
  }
}
