import { KysoError } from "../protocol/kyso-error.js";
import { docMdpPermission, type DocMdpLevel } from "../pdf/read/docmdp-permission.js";
import type { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";

/** The DocMDP permission a signer must respect: 3, "everything a signer may do", when the document is not certified. */
export async function certificationPermission(reader: PdfDocumentReader): Promise<DocMdpLevel> {
  return (await docMdpPermission(reader)) ?? 3;
}

/**
 * Refuses, before anything is written, to sign a document whose certification signature
 * allows no changes (P=1). P=2 and P=3 allow further approval signatures.
 */
export async function assertSigningPermitted(reader: PdfDocumentReader): Promise<void> {
  if ((await certificationPermission(reader)) === 1) throw new KysoError("PDF_CHANGES_NOT_PERMITTED");
}
