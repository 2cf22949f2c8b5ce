import { KysoError } from "../protocol/kyso-error.js";
import { PdfDict, PdfName, numberValue } from "../pdf/objects.js";
import type { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";

/**
 * Refuses, before anything is written, to sign a document whose certification signature
 * allows no changes: DocMDP P=1 (ISO 32000-1 §12.8.2.2 Table 254). P=2 and P=3 allow further
 * approval signatures.
 */
export async function assertSigningPermitted(reader: PdfDocumentReader, catalog: PdfDict): Promise<void> {
  const perms = await reader.resolveDict(catalog.get("Perms"));
  const certification = await reader.resolveDict(perms?.get("DocMDP"));
  if (!certification) return;
  const references = await reader.resolve(certification.get("Reference"));
  if (!Array.isArray(references)) return;
  for (const item of references) {
    const reference = await reader.resolveDict(item);
    if (reference?.get("TransformMethod") !== PdfName.of("DocMDP")) continue;
    const params = await reader.resolveDict(reference.get("TransformParams"));
    // §12.8.2.2: P defaults to 2 when absent.
    const permission = numberValue(params?.get("P")) ?? 2;
    if (permission === 1) throw new KysoError("PDF_CHANGES_NOT_PERMITTED");
  }
}
