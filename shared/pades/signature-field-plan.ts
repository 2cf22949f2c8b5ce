import { KysoError } from "../protocol/kyso-error.js";
import { PdfDict, PdfName, PdfNewStream, PdfRef, PdfString, type PdfValue } from "../pdf/objects.js";
import { catalogOf, findPage } from "../pdf/read/page-tree.js";
import type { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";
import { textString, type WritableDict } from "../pdf/write/pdf-serializer.js";
import type { UpdatedObject } from "../pdf/write/incremental-update.js";
import { assertSigningPermitted } from "./docmdp-guard.js";

/** More form fields than real documents have; a guard against hostile field trees. */
const MAX_FIELDS = 10_000;
/** Annotation flags Print (4) + Locked (128), §12.5.3. */
const WIDGET_FLAGS = 132;

export interface FieldPlacement {
  pageIndex: number;
  /** [x1 y1 x2 y2] in default user space; [0 0 0 0] for an invisible signature. */
  rect: [number, number, number, number];
}

export interface SignatureFieldPlan {
  objects: UpdatedObject[];
  fieldName: string;
}

interface ExistingField {
  ref: PdfRef;
  dict: PdfDict;
  name: string;
}

/**
 * Every object an approval signature adds or changes (§12.7.4.5, §12.8): the signature
 * dictionary, the signature field merged with its widget, the page's /Annots, the
 * AcroForm's /Fields and /SigFlags 3 — or, with `fieldName` naming an existing empty
 * field, that field's /V only.
 */
export async function planSignatureField(options: { reader: PdfDocumentReader; signatureDictionary: WritableDict; placement: FieldPlacement; fieldName?: string }): Promise<SignatureFieldPlan> {
  const { reader, placement } = options;
  const catalog = await catalogOf(reader);
  await assertSigningPermitted(reader, catalog.dict);
  let nextNumber = reader.size;
  const allocate = () => new PdfRef(nextNumber++, 0);
  const signatureRef = allocate();
  const objects: UpdatedObject[] = [{ objectNumber: signatureRef.objectNumber, generation: 0, value: options.signatureDictionary }];
  const rewrite = (ref: PdfRef, value: PdfValue) => objects.push({ objectNumber: ref.objectNumber, generation: ref.generation, value });

  const acroFormValue = catalog.dict.get("AcroForm");
  const acroForm = (await reader.resolveDict(acroFormValue)) ?? new PdfDict();
  const fieldsValue = acroForm.get("Fields");
  const fields = (await reader.resolve(fieldsValue)) ?? [];
  if (!Array.isArray(fields)) throw new KysoError("PDF_MALFORMED", "/AcroForm /Fields is not an array");
  const existing = await collectFields(reader, fields);

  if (options.fieldName !== undefined) {
    const target = existing.find((f) => f.name === options.fieldName && f.dict.get("FT") === PdfName.of("Sig"));
    if (target) {
      if (target.dict.get("V") !== undefined) throw new KysoError("SIGNATURE_FIELD_ALREADY_SIGNED", options.fieldName);
      rewrite(target.ref, target.dict.with({ V: signatureRef }));
      writeAcroForm({ reader, rewrite, allocate, catalog, acroFormValue, acroForm: acroForm.with({ SigFlags: 3 }) });
      return { objects, fieldName: target.name };
    }
  }
  const fieldName = options.fieldName ?? uniqueFieldName(existing.map((f) => f.name));

  const page = await findPage(reader, placement.pageIndex);
  const fieldRef = allocate();
  const appearanceRef = allocate();
  const [x1, y1, x2, y2] = placement.rect;
  rewrite(appearanceRef, new PdfNewStream(new PdfDict([["Type", PdfName.of("XObject")], ["Subtype", PdfName.of("Form")], ["BBox", [0, 0, Math.abs(x2 - x1), Math.abs(y2 - y1)]], ["Resources", new PdfDict()]]), new Uint8Array()));
  rewrite(fieldRef, new PdfDict([
    ["Type", PdfName.of("Annot")], ["Subtype", PdfName.of("Widget")], ["FT", PdfName.of("Sig")], ["T", textString(fieldName)], ["V", signatureRef],
    ["F", WIDGET_FLAGS], ["Rect", [...placement.rect]], ["P", page.ref], ["AP", new PdfDict([["N", appearanceRef]])],
  ]));

  const annotsValue = page.dict.get("Annots");
  const annots = (await reader.resolve(annotsValue)) ?? [];
  if (!Array.isArray(annots)) throw new KysoError("PDF_MALFORMED", "page /Annots is not an array");
  if (annotsValue instanceof PdfRef) rewrite(annotsValue, [...annots, fieldRef]);
  else rewrite(page.ref, page.dict.with({ Annots: [...annots, fieldRef] }));

  let updatedAcroForm = acroForm.with({ SigFlags: 3 });
  if (fieldsValue instanceof PdfRef) rewrite(fieldsValue, [...fields, fieldRef]);
  else updatedAcroForm = updatedAcroForm.with({ Fields: [...fields, fieldRef] });
  writeAcroForm({ reader, rewrite, allocate, catalog, acroFormValue, acroForm: updatedAcroForm });
  return { objects, fieldName };
}

/** Writes the AcroForm where it lives: its own object, inline in the catalog, or new. */
function writeAcroForm(options: {
  reader: PdfDocumentReader;
  rewrite: (ref: PdfRef, value: PdfValue) => void;
  allocate: () => PdfRef;
  catalog: { ref: PdfRef; dict: PdfDict };
  acroFormValue: PdfValue | undefined;
  acroForm: PdfDict;
}): void {
  const { rewrite, catalog, acroFormValue, acroForm } = options;
  if (acroFormValue instanceof PdfRef) {
    rewrite(acroFormValue, acroForm);
    return;
  }
  if (acroFormValue instanceof PdfDict) {
    rewrite(catalog.ref, catalog.dict.with({ AcroForm: acroForm }));
    return;
  }
  const acroFormRef = options.allocate();
  rewrite(acroFormRef, acroForm);
  rewrite(catalog.ref, catalog.dict.with({ AcroForm: acroFormRef }));
}

/** Terminal and non-terminal fields with their full names (§12.7.3.2), bounded. */
async function collectFields(reader: PdfDocumentReader, roots: PdfValue[]): Promise<ExistingField[]> {
  const found: ExistingField[] = [];
  const stack: Array<{ value: PdfValue; parentName: string }> = roots.map((value) => ({ value, parentName: "" }));
  const visited = new Set<number>();
  while (stack.length > 0 && visited.size < MAX_FIELDS) {
    const { value, parentName } = stack.pop()!;
    if (!(value instanceof PdfRef) || visited.has(value.objectNumber)) continue;
    visited.add(value.objectNumber);
    const dict = await reader.resolveDict(value);
    if (!dict) continue;
    const partial = dict.get("T");
    const name = partial instanceof PdfString ? [parentName, decodeTextString(partial)].filter(Boolean).join(".") : parentName;
    found.push({ ref: value, dict, name });
    const kids = await reader.resolve(dict.get("Kids"));
    if (Array.isArray(kids)) for (const kid of kids) stack.push({ value: kid, parentName: name });
  }
  return found;
}

function uniqueFieldName(taken: string[]): string {
  const names = new Set(taken);
  for (let n = 1; ; n += 1) if (!names.has(`Signature${n}`)) return `Signature${n}`;
}

/** §7.9.2.2: UTF-16BE with BOM, else PDFDocEncoding (Latin-1 is close enough for names). */
export function decodeTextString(value: PdfString): string {
  const b = value.bytes;
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    let text = "";
    for (let i = 2; i + 1 < b.length; i += 2) text += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
    return text;
  }
  return String.fromCharCode(...b);
}
