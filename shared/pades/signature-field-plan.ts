import type { AppearanceAnnotation, SignatureAppearance, SignatureAppearanceBuilder } from "../appearance/signature-appearance.js";
import { KysoError } from "../protocol/kyso-error.js";
import { PdfDict, PdfName, PdfNewStream, PdfRef, numberValue, type PdfValue } from "../pdf/objects.js";
import { catalogOf, findPage, type PageHandle } from "../pdf/read/page-tree.js";
import type { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";
import { PdfRawBytes, textString, type WritableDict, type WritableValue } from "../pdf/write/pdf-serializer.js";
import type { UpdatedObject } from "../pdf/write/incremental-update.js";
import { collectFormFields, type FormField } from "../pdf/read/form-fields.js";
import { assertSigningPermitted, certificationPermission } from "./docmdp-guard.js";
import { assertFieldNotLocked, lockDictionary, type FieldLock } from "./field-lock.js";
import { readFieldLock } from "../pdf/read/field-locks.js";
import { assertPermissionsAllow } from "../pdf/crypt/permissions.js";

/** Annotation flags Print (4) + Locked (128), §12.5.3. */
const WIDGET_FLAGS = 132;
/** Print (4) + ReadOnly (64) + Locked (128) + LockedContents (512), §12.5.3: a stamp nobody edits. */
const STAMP_FLAGS = 708;

export interface FieldPlacement {
  pageIndex: number;
  /** [x1 y1 x2 y2] in default user space; [0 0 0 0] for an invisible signature. */
  rect: [number, number, number, number];
}

export interface SignatureFieldPlan {
  objects: UpdatedObject[];
  fieldName: string;
  /** Where the new signature dictionary is (the catalog's /Perms may point at it). */
  signatureRef: PdfRef;
  /** Signature fields that already hold a signature. */
  existingSignatureCount: number;
  /** The lock the signature must carry as a FieldMDP reference: the field's own /Lock, or the one asked for. */
  lock?: FieldLock;
}

/**
 * Every object an approval signature adds or changes (§12.7.4.5, §12.8): the signature
 * dictionary, the signature field merged with its widget, the page's /Annots, the
 * AcroForm's /Fields and /SigFlags 3 — or, with `fieldName` naming an existing empty
 * field, that field's /V only.
 */
export async function planSignatureField(options: {
  reader: PdfDocumentReader;
  signatureDictionary: WritableDict;
  placement: FieldPlacement;
  fieldName?: string;
  /** A visible signature: draws the widget's appearance once its rectangle is known. */
  appearance?: SignatureAppearanceBuilder;
  /**
   * A document timestamp (ETSI EN 319 142-1 §5.4.3) is named DocumentTimestampN and, like
   * DSS updates, is not a change DocMDP restricts (ISO 32000-2 §12.8.2.2.1, PAdES part 4).
   */
  purpose?: "signature" | "document-timestamp";
  /** FieldMDP: the fields this signature locks, written as the field's /Lock (§12.7.5.5). */
  lock?: FieldLock;
}): Promise<SignatureFieldPlan> {
  const { reader, placement } = options;
  const catalog = await catalogOf(reader);
  if (options.purpose !== "document-timestamp") await assertSigningPermitted(reader);
  let nextNumber = reader.size;
  const allocate = () => new PdfRef(nextNumber++, 0);
  const signatureRef = allocate();
  const objects: UpdatedObject[] = [{ objectNumber: signatureRef.objectNumber, generation: 0, value: options.signatureDictionary }];
  const rewrite = (ref: PdfRef, value: WritableValue) => objects.push({ objectNumber: ref.objectNumber, generation: ref.generation, value });
  /** The appearance's objects are numbered from the next free number; allocation resumes after them. */
  const drawAppearance = async (target: { rect: FieldPlacement["rect"]; rotate: PageHandle["rotate"] }): Promise<SignatureAppearance> => {
    const built = await options.appearance!(target, nextNumber);
    for (const object of built.objects) rewrite(new PdfRef(object.objectNumber, 0), new PdfRawBytes(object.body));
    nextNumber = built.nextObjectNumber;
    return built;
  };

  const acroFormValue = catalog.dict.get("AcroForm");
  const acroForm = (await reader.resolveDict(acroFormValue)) ?? new PdfDict();
  const fieldsValue = acroForm.get("Fields");
  const fields = (await reader.resolve(fieldsValue)) ?? [];
  if (!Array.isArray(fields)) throw new KysoError("PDF_MALFORMED", "/AcroForm /Fields is not an array");
  const existing = await collectFormFields(reader, fields);

  if (options.fieldName !== undefined) {
    const target = existing.find((f) => f.name === options.fieldName && f.dict.get("FT") === PdfName.of("Sig"));
    if (target) {
      if (target.dict.get("V") !== undefined) throw new KysoError("SIGNATURE_FIELD_ALREADY_SIGNED", options.fieldName);
      await assertFieldNotLocked({ reader, fieldName: target.name, signatures: await signaturesIn(reader, existing) });
      // §12.7.5.5: a prepared field's /Lock is what its signature locks; otherwise the one asked for is added.
      const lock = (await readFieldLock(reader, target.dict.get("Lock"))) ?? options.lock;
      const targetDict = options.lock && target.dict.get("Lock") === undefined ? target.dict.with({ Lock: lockDictionary(options.lock) }) : target.dict;
      assertPermissionsAllow(reader.security, "fill-existing-field");
      const rect = rectOf(target.dict.get("Rect"));
      if (options.appearance && rect) {
        // The prepared field keeps its place and size; only what it shows is new (§12.7.4.5).
        const page = await reader.resolveDict(target.dict.get("P"));
        const built = await drawAppearance({ rect, rotate: rotationOf(page?.get("Rotate")) });
        rewrite(target.ref, targetDict.with({ V: signatureRef, AP: new PdfDict([["N", new PdfRef(built.formXObjectNumber, 0)]]) }));
        await addAnnotations({ reader, rewrite, additions: await stampAnnotations({ reader, allocate, rewrite, annotations: built.annotations }) });
      } else rewrite(target.ref, targetDict.with({ V: signatureRef }));
      writeAcroForm({ reader, rewrite, allocate, catalog, acroFormValue, acroForm: acroForm.with({ SigFlags: 3 }) });
      return { objects, fieldName: target.name, signatureRef, existingSignatureCount: countSigned(existing), ...(lock ? { lock } : {}) };
    }
  }
  const fieldName = options.fieldName ?? uniqueFieldName(existing.map((f) => f.name), options.purpose === "document-timestamp" ? "DocumentTimestamp" : "Signature");

  assertPermissionsAllow(reader.security, "add-field");
  const page = await findPage(reader, placement.pageIndex);
  const fieldRef = allocate();
  let appearanceRef: PdfRef;
  let extraAnnotations: AppearanceAnnotation[] = [];
  if (options.appearance) {
    const built = await drawAppearance({ rect: placement.rect, rotate: page.rotate });
    appearanceRef = new PdfRef(built.formXObjectNumber, 0);
    extraAnnotations = built.annotations;
  } else {
    // Invisible (§12.7.4.5 allows a zero rectangle): an empty appearance, as some readers want one.
    appearanceRef = allocate();
    const [x1, y1, x2, y2] = placement.rect;
    rewrite(appearanceRef, new PdfNewStream(new PdfDict([["Type", PdfName.of("XObject")], ["Subtype", PdfName.of("Form")], ["BBox", [0, 0, Math.abs(x2 - x1), Math.abs(y2 - y1)]], ["Resources", new PdfDict()]]), new Uint8Array()));
  }
  rewrite(fieldRef, new PdfDict([
    ["Type", PdfName.of("Annot")], ["Subtype", PdfName.of("Widget")], ["FT", PdfName.of("Sig")], ["T", textString(fieldName)], ["V", signatureRef],
    ["F", WIDGET_FLAGS], ["Rect", [...placement.rect]], ["P", page.ref], ["AP", new PdfDict([["N", appearanceRef]])],
    ...(options.lock ? [["Lock", lockDictionary(options.lock)] as [string, PdfValue]] : []),
  ]));
  const stamps = await stampAnnotations({ reader, allocate, rewrite, annotations: extraAnnotations });
  await addAnnotations({ reader, rewrite, additions: [{ page, ref: fieldRef }, ...stamps] });

  let updatedAcroForm = acroForm.with({ SigFlags: 3 });
  if (fieldsValue instanceof PdfRef) rewrite(fieldsValue, [...fields, fieldRef]);
  else updatedAcroForm = updatedAcroForm.with({ Fields: [...fields, fieldRef] });
  writeAcroForm({ reader, rewrite, allocate, catalog, acroFormValue, acroForm: updatedAcroForm });
  return { objects, fieldName, signatureRef, existingSignatureCount: countSigned(existing), ...(options.lock ? { lock: options.lock } : {}) };
}

/** The signature dictionaries of the fields that are signed. */
async function signaturesIn(reader: PdfDocumentReader, fields: FormField[]): Promise<PdfDict[]> {
  const found: PdfDict[] = [];
  for (const field of fields) {
    const signature = field.dict.get("V") === undefined ? undefined : await reader.resolveDict(field.dict.get("V"));
    if (signature) found.push(signature);
  }
  return found;
}

function countSigned(fields: FormField[]): number {
  return fields.filter((f) => f.dict.get("FT") === PdfName.of("Sig") && f.dict.get("V") !== undefined).length;
}

/**
 * Annotations a visible signature adds besides its widget (issuing's information block): a
 * Stamp (§12.5.6.12) showing its own appearance. It is part of the signed revision, so the
 * signature covers it, and its flags keep viewers from moving or editing it.
 */
async function stampAnnotations(options: {
  reader: PdfDocumentReader;
  allocate: () => PdfRef;
  rewrite: (ref: PdfRef, value: WritableValue) => void;
  annotations: AppearanceAnnotation[];
}): Promise<Array<{ page: PageHandle; ref: PdfRef }>> {
  const added: Array<{ page: PageHandle; ref: PdfRef }> = [];
  if (options.annotations.length > 0 && (await certificationPermission(options.reader)) < 3) {
    // §12.8.2.2 Table 254: below P=3 a certified document takes signatures but no new annotations.
    throw new KysoError("PDF_CHANGES_NOT_PERMITTED", "the document's certification (DocMDP P<3) forbids the information block's annotation");
  }
  if (options.annotations.length > 0) assertPermissionsAllow(options.reader.security, "add-annotations");
  for (const annotation of options.annotations) {
    const page = await findPage(options.reader, annotation.pageIndex);
    const ref = options.allocate();
    options.rewrite(ref, new PdfDict([
      ["Type", PdfName.of("Annot")], ["Subtype", PdfName.of("Stamp")], ["Rect", [...annotation.rect]], ["P", page.ref], ["F", STAMP_FLAGS],
      ["Contents", textString(annotation.contents)], ["AP", new PdfDict([["N", new PdfRef(annotation.formXObjectNumber, 0)]])],
    ]));
    added.push({ page, ref });
  }
  return added;
}

/** Appends annotations to their pages' /Annots (§12.5.2), one rewrite per page. */
async function addAnnotations(options: { reader: PdfDocumentReader; rewrite: (ref: PdfRef, value: WritableValue) => void; additions: Array<{ page: PageHandle; ref: PdfRef }> }): Promise<void> {
  const byPage = new Map<number, { page: PageHandle; refs: PdfRef[] }>();
  for (const { page, ref } of options.additions) {
    const entry = byPage.get(page.ref.objectNumber) ?? { page, refs: [] };
    entry.refs.push(ref);
    byPage.set(page.ref.objectNumber, entry);
  }
  for (const { page, refs } of byPage.values()) {
    const annotsValue = page.dict.get("Annots");
    const annots = (await options.reader.resolve(annotsValue)) ?? [];
    if (!Array.isArray(annots)) throw new KysoError("PDF_MALFORMED", "page /Annots is not an array");
    if (annotsValue instanceof PdfRef) options.rewrite(annotsValue, [...annots, ...refs]);
    else options.rewrite(page.ref, page.dict.with({ Annots: [...annots, ...refs] }));
  }
}

/** A field's /Rect when it has an area; a zero one marks an invisible signature field. */
function rectOf(value: PdfValue | undefined): FieldPlacement["rect"] | undefined {
  if (!Array.isArray(value) || value.length !== 4) return undefined;
  const numbers = value.map((v) => numberValue(v));
  if (!numbers.every((n) => n !== undefined)) return undefined;
  const [x1, y1, x2, y2] = numbers as [number, number, number, number];
  if (x1 === x2 || y1 === y2) return undefined;
  return [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
}

/** /Rotate of the widget's page (§7.7.3.3); an inherited value is not looked up. */
function rotationOf(value: PdfValue | undefined): PageHandle["rotate"] {
  const degrees = numberValue(value) ?? 0;
  return ((((Math.round(degrees / 90) * 90) % 360) + 360) % 360) as PageHandle["rotate"];
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

function uniqueFieldName(taken: string[], prefix: string): string {
  const names = new Set(taken);
  for (let n = 1; ; n += 1) if (!names.has(`${prefix}${n}`)) return `${prefix}${n}`;
}
