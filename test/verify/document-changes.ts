import { PdfDict, PdfName, PdfNewStream, PdfRef } from "../../shared/pdf/objects.js";
import { documentFormFields } from "../../shared/pdf/read/form-fields.js";
import { findPage } from "../../shared/pdf/read/page-tree.js";
import type { PdfDocumentReader } from "../../shared/pdf/read/pdf-document-reader.js";
import type { UpdatedObject } from "../../shared/pdf/write/incremental-update.js";
import { textString } from "../../shared/pdf/write/pdf-serializer.js";

/**
 * One kind of change each, as a later incremental update makes it, for the DocMDP table of
 * ISO 32000-2 §12.8.2.2.2 (Table 257): what `withUpdate` appends after a signature.
 */

/** Form filling: the named text field's /V, nothing else. */
export async function fillTextField(reader: PdfDocumentReader, options: { field: string; value: string }): Promise<UpdatedObject[]> {
  const field = (await documentFormFields(reader)).find((f) => f.name === options.field);
  if (!field) throw new Error(`no field ${options.field}`);
  return [{ objectNumber: field.ref.objectNumber, generation: 0, value: field.dict.with({ V: textString(options.value) }) }];
}

/** Annotation: a square covering page 1, added to its /Annots. */
export async function addAnnotation(reader: PdfDocumentReader): Promise<UpdatedObject[]> {
  const page = await findPage(reader, 0);
  const annotation = new PdfRef(reader.size, 0);
  const annots = await reader.resolve(page.dict.get("Annots"));
  return [
    { objectNumber: annotation.objectNumber, generation: 0, value: new PdfDict([["Type", PdfName.of("Annot")], ["Subtype", PdfName.of("Square")], ["Rect", [0, 0, 595, 842]], ["C", [1, 0, 0]]]) },
    { objectNumber: page.ref.objectNumber, generation: 0, value: page.dict.with({ Annots: [...(Array.isArray(annots) ? annots : []), annotation] }) },
  ];
}

/** Page content: page 1's /Contents replaced by a new stream. */
export async function replacePageContent(reader: PdfDocumentReader): Promise<UpdatedObject[]> {
  const page = await findPage(reader, 0);
  const content = new PdfRef(reader.size, 0);
  const drawing = Uint8Array.from("BT /Helvetica 24 Tf 72 700 Td (SO TIEN: 999.000.000 VND) Tj ET", (c) => c.charCodeAt(0));
  return [
    { objectNumber: content.objectNumber, generation: 0, value: new PdfNewStream(new PdfDict(), drawing) },
    { objectNumber: page.ref.objectNumber, generation: 0, value: page.dict.with({ Contents: content }) },
  ];
}
