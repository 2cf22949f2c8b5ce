import { KysoError } from "../protocol/kyso-error.js";
import { PdfName, numberValue } from "../pdf/objects.js";
import { catalogOf } from "../pdf/read/page-tree.js";
import type { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";

/**
 * The DocMDP permission of a certified document (ISO 32000-1 §12.8.2.2 Table 254; P defaults
 * to 2); 3, "everything a signer may do", when the document is not certified.
 */
export async function certificationPermission(reader: PdfDocumentReader): Promise<1 | 2 | 3> {
  const { dict: catalog } = await catalogOf(reader);
  const certification = await reader.resolveDict((await reader.resolveDict(catalog.get("Perms")))?.get("DocMDP"));
  const references = await reader.resolve(certification?.get("Reference"));
  let permission = 3;
  for (const item of Array.isArray(references) ? references : []) {
    const reference = await reader.resolveDict(item);
    if (reference?.get("TransformMethod") !== PdfName.of("DocMDP")) continue;
    permission = Math.min(permission, numberValue((await reader.resolveDict(reference.get("TransformParams")))?.get("P")) ?? 2);
  }
  return Math.max(1, Math.min(3, Math.round(permission))) as 1 | 2 | 3;
}

/**
 * Refuses, before anything is written, to sign a document whose certification signature
 * allows no changes (P=1). P=2 and P=3 allow further approval signatures.
 */
export async function assertSigningPermitted(reader: PdfDocumentReader): Promise<void> {
  if ((await certificationPermission(reader)) === 1) throw new KysoError("PDF_CHANGES_NOT_PERMITTED");
}
