import { bytesEqual } from "../cms/der.js";
import { PdfDict, PdfName, PdfReal, PdfRef, PdfStream, PdfString, type PdfValue } from "../pdf/objects.js";
import type { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";
import { preparedReferenceFills } from "./prepared-references.js";
import { xrefDifference } from "./xref-difference.js";

/** What a later incremental update did, from harmless to suspect (ISO 32000-2 §12.8.2.2.2 Table 257). */
export type ModificationClass = "dss" | "document-timestamp" | "signature" | "form-fill" | "annotation" | "other";
const SEVERITY: readonly ModificationClass[] = ["dss", "document-timestamp", "signature", "form-fill", "annotation", "other"];

export interface Modification {
  class: ModificationClass;
  objectNumber: number;
  /** What changed, for the report: "page 4 0 R: /Contents", "catalog: /OCProperties". */
  detail: string;
}

/** Catalog entries a DSS or a document timestamp legitimately adds or changes (/AcroForm is judged by its content). */
const CATALOG_KEYS: Readonly<Record<string, ModificationClass>> = { DSS: "dss", Extensions: "dss" };
/** AcroForm entries that filling or signing changes (§12.7.3). */
const ACROFORM_KEYS = new Set(["Fields", "SigFlags", "DR", "DA", "NeedAppearances"]);
/** Field and widget entries that filling or signing changes (§12.7.4, §12.5.5). */
const FIELD_VALUE_KEYS = new Set(["V", "AP", "AS"]);
const MAX_COMPARE_DEPTH = 32;

const worst = (classes: ModificationClass[]): ModificationClass => classes.reduce((a, b) => (SEVERITY.indexOf(b) > SEVERITY.indexOf(a) ? b : a), "dss");

function changedKeys(before: PdfDict, after: PdfDict, depth = 0): string[] {
  const keys = new Set([...before.entries.keys(), ...after.entries.keys()]);
  return [...keys].filter((key) => !sameValue(before.get(key), after.get(key), depth));
}

function sameValue(a: PdfValue | undefined, b: PdfValue | undefined, depth: number): boolean {
  if (depth > MAX_COMPARE_DEPTH) return false;
  if (a === b) return true;
  if (a instanceof PdfRef && b instanceof PdfRef) return a.objectNumber === b.objectNumber && a.generation === b.generation;
  if (a instanceof PdfReal || b instanceof PdfReal) return (a instanceof PdfReal ? a.value : a) === (b instanceof PdfReal ? b.value : b);
  if (a instanceof PdfString && b instanceof PdfString) return bytesEqual(a.bytes, b.bytes);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i], depth + 1));
  if (a instanceof PdfDict && b instanceof PdfDict) return changedKeys(a, b, depth + 1).length === 0;
  return false;
}

async function sameObject(options: { before: PdfValue; after: PdfValue; signed: PdfDocumentReader; current: PdfDocumentReader }): Promise<boolean> {
  const { before, after } = options;
  if (before instanceof PdfStream && after instanceof PdfStream) {
    if (!sameValue(before.dict, after.dict, 0)) return false;
    const [a, b] = await Promise.all([options.signed.readStreamData(before, { decode: false }), options.current.readStreamData(after, { decode: false })]);
    return bytesEqual(a, b);
  }
  return !(before instanceof PdfStream) && !(after instanceof PdfStream) && sameValue(before, after, 0);
}

/** A field or widget added by the update: a signature, a document timestamp, or a form field. */
async function classOfAddedField(reader: PdfDocumentReader, value: PdfValue): Promise<ModificationClass> {
  const dict = await reader.resolveDict(value);
  if (!dict) return "other";
  const parent = await reader.resolveDict(dict.get("Parent"));
  const fieldType = dict.get("FT") ?? parent?.get("FT");
  if (dict.get("Subtype") !== undefined && dict.get("Subtype") !== PdfName.of("Widget")) return "annotation";
  if (fieldType !== PdfName.of("Sig")) return "form-fill";
  const signature = await reader.resolveDict(dict.get("V") ?? parent?.get("V"));
  if (!signature) return "form-fill";
  return signature.get("Type") === PdfName.of("DocTimeStamp") || signature.get("SubFilter") === PdfName.of("ETSI.RFC3161") ? "document-timestamp" : "signature";
}

/** Entries of an array (e.g. /Annots, /Fields) added by the update; `undefined` when some were removed or reordered. */
async function addedItems(options: { before: PdfValue | undefined; after: PdfValue | undefined; signed: PdfDocumentReader; current: PdfDocumentReader }): Promise<PdfValue[] | undefined> {
  const before = (await options.signed.resolve(options.before)) ?? [];
  const after = (await options.current.resolve(options.after)) ?? [];
  if (!Array.isArray(before) || !Array.isArray(after) || after.length < before.length) return undefined;
  if (!before.every((item, i) => sameValue(item, after[i], 0))) return undefined;
  return after.slice(before.length);
}

interface ChangeContext {
  signed: PdfDocumentReader;
  current: PdfDocumentReader;
  signedCatalogNumber: number | undefined;
  signedAcroFormNumber: number | undefined;
}

/** Classifies one object that exists in the signed revision and differs afterwards. */
async function classifyChanged(context: ChangeContext, options: { objectNumber: number; before: PdfValue; after: PdfValue }): Promise<Modification> {
  const { objectNumber, before, after } = options;
  const at = `${objectNumber} 0 R`;
  const other = (detail: string): Modification => ({ class: "other", objectNumber, detail });
  if (!(before instanceof PdfDict) || !(after instanceof PdfDict)) return other(`${at}: ${before instanceof PdfStream ? "stream data or dictionary" : "object"} replaced`);
  const keys = changedKeys(before, after);
  const type = before.get("Type");
  const list = keys.map((k) => `/${k}`).join(" ");
  if (objectNumber === context.signedCatalogNumber) {
    const classes: ModificationClass[] = [];
    for (const key of keys) {
      if (key !== "AcroForm") {
        classes.push(CATALOG_KEYS[key] ?? "other");
        continue;
      }
      // A form added or swapped for another object is judged by what it holds: a new /AcroForm may carry /XFA, which replaces the pages in viewers that render it.
      const formBefore = (await context.signed.resolveDict(before.get(key))) ?? new PdfDict();
      const formAfter = await context.current.resolveDict(after.get(key));
      classes.push(formAfter ? await classifyAcroForm(context, { before: formBefore, after: formAfter }) : "other");
    }
    return { class: worst(classes), objectNumber, detail: `catalog: ${list}` };
  }
  if (objectNumber === context.signedAcroFormNumber) return { class: await classifyAcroForm(context, { before, after }), objectNumber, detail: `AcroForm: ${list}` };
  if (type === PdfName.of("Page")) {
    if (keys.some((k) => k !== "Annots")) return other(`page ${at}: ${list}`);
    const added = await addedItems({ before: before.get("Annots"), after: after.get("Annots"), ...context });
    // Removing an annotation can uncover what it hid when signed (shadow "hide" attack).
    if (!added) return other(`page ${at}: annotations removed or reordered`);
    const classes = await Promise.all(added.map((item) => classOfAddedField(context.current, item)));
    return { class: worst(classes), objectNumber, detail: `page ${at}: /Annots` };
  }
  if (type === PdfName.of("DSS") || before.get("VRI") !== undefined) return { class: "dss", objectNumber, detail: `DSS ${at}` };
  const isField = before.get("FT") !== undefined || before.get("Subtype") === PdfName.of("Widget") || (before.get("T") !== undefined && before.get("Parent") !== undefined);
  if (isField) {
    if (keys.every((k) => FIELD_VALUE_KEYS.has(k))) {
      return { class: keys.includes("V") ? await classOfAddedField(context.current, new PdfRef(objectNumber, 0)) : "form-fill", objectNumber, detail: `field ${at}: ${list}` };
    }
    return { class: "annotation", objectNumber, detail: `widget ${at}: ${list}` };
  }
  if (type === PdfName.of("Annot") || before.get("Subtype") !== undefined && before.get("Rect") !== undefined) return { class: "annotation", objectNumber, detail: `annotation ${at}: ${list}` };
  return other(`${at}: ${list}`);
}

async function classifyAcroForm(context: ChangeContext, options: { before: PdfDict; after: PdfDict }): Promise<ModificationClass> {
  const keys = changedKeys(options.before, options.after);
  if (keys.some((k) => !ACROFORM_KEYS.has(k))) return "other";
  if (!keys.includes("Fields")) return "form-fill";
  const added = await addedItems({ before: options.before.get("Fields"), after: options.after.get("Fields"), ...context });
  if (!added) return "other";
  return worst(await Promise.all(added.map((item) => classOfAddedField(context.current, item))));
}

const isXrefOrObjectStream = (value: PdfValue): boolean => value instanceof PdfStream && (value.dict.get("Type") === PdfName.of("XRef") || value.dict.get("Type") === PdfName.of("ObjStm"));

/**
 * Every object whose definition differs from what a signature signed, compared with the signed
 * version and classified (ISO 32000-2 §7.5.6; PDF insecurity's incremental saving and shadow
 * attacks): objects redefined, objects freed (a reference to them now reads null, hiding what
 * was signed), and objects defined later that a signed object already referred to. Other new
 * objects matter only through the redefined objects that reach them, which are judged instead;
 * a trailer pointing at another catalog is a change of everything.
 */
export async function changesAfter(options: { signed: PdfDocumentReader; current: PdfDocumentReader }): Promise<Modification[]> {
  const { signed, current } = options;
  const difference = xrefDifference(signed, current);
  const signedRoot = signed.trailer.get("Root");
  const currentRoot = current.trailer.get("Root");
  const modifications: Modification[] = [];
  if (!(signedRoot instanceof PdfRef) || !(currentRoot instanceof PdfRef) || signedRoot.objectNumber !== currentRoot.objectNumber) {
    modifications.push({ class: "other", objectNumber: 0, detail: "trailer: /Root points at another catalog" });
  }
  const signedCatalog = await signed.resolveDict(signedRoot);
  const acroFormValue = signedCatalog?.get("AcroForm");
  const context: ChangeContext = {
    signed, current,
    signedCatalogNumber: signedRoot instanceof PdfRef ? signedRoot.objectNumber : undefined,
    signedAcroFormNumber: acroFormValue instanceof PdfRef ? acroFormValue.objectNumber : undefined,
  };
  const signedVersions = new Map<number, PdfValue>();
  for (const objectNumber of difference.redefined) {
    const ref = new PdfRef(objectNumber, 0);
    const before = await signed.getObject(ref);
    signedVersions.set(objectNumber, before);
    const after = await current.getObject(ref);
    // New cross-reference and object streams replace old ones; what they hold is compared object by object.
    if (isXrefOrObjectStream(before) && isXrefOrObjectStream(after)) continue;
    if (await sameObject({ before, after, signed, current })) continue;
    modifications.push(await classifyChanged(context, { objectNumber, before, after }));
  }
  for (const objectNumber of difference.removed) {
    if (isXrefOrObjectStream(await signed.getObject(new PdfRef(objectNumber, 0)))) continue;
    modifications.push({ class: "other", objectNumber, detail: `${objectNumber} 0 R: deleted after signing (references to it now read as null)` });
  }
  modifications.push(...(await preparedReferenceFills({ current, difference, signedVersions })));
  return modifications;
}
