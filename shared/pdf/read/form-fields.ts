import { PdfDict, PdfName, PdfRef, PdfString, type PdfValue } from "../objects.js";
import { catalogOf } from "./page-tree.js";
import type { PdfDocumentReader } from "./pdf-document-reader.js";
import { malformed } from "./pdf-syntax-error.js";

/** More form fields than real documents have; a guard against hostile field trees. */
const MAX_FIELDS = 10_000;
/** Deeper field trees than this are hostile (real forms nest a few levels). */
const MAX_FIELD_DEPTH = 64;
/**
 * Longest fully qualified name: real ones are tens of characters. Each field keeps its whole
 * name, so long partial names down a deep tree would otherwise cost memory quadratically.
 */
const MAX_FIELD_NAME_CHARS = 4096;

export interface FormField {
  ref: PdfRef;
  dict: PdfDict;
  /** Fully qualified name (§12.7.3.2): the partial names of the ancestors joined with dots. */
  name: string;
}

/** Terminal and non-terminal fields with their full names (§12.7.3.2), bounded. */
export async function collectFormFields(reader: PdfDocumentReader, roots: PdfValue[]): Promise<FormField[]> {
  const found: FormField[] = [];
  const stack: Array<{ value: PdfValue; parentName: string; depth: number }> = roots.map((value) => ({ value, parentName: "", depth: 0 }));
  const visited = new Set<number>();
  while (stack.length > 0 && visited.size < MAX_FIELDS) {
    const { value, parentName, depth } = stack.pop()!;
    if (!(value instanceof PdfRef) || visited.has(value.objectNumber)) continue;
    if (depth > MAX_FIELD_DEPTH) throw malformed("form field tree too deep");
    visited.add(value.objectNumber);
    const dict = await reader.resolveDict(value);
    if (!dict) continue;
    const partial = dict.get("T");
    if (partial instanceof PdfString && parentName.length + partial.bytes.length > MAX_FIELD_NAME_CHARS) throw malformed("form field name too long");
    const name = partial instanceof PdfString ? [parentName, decodeTextString(partial)].filter(Boolean).join(".") : parentName;
    found.push({ ref: value, dict, name });
    const kids = await reader.resolve(dict.get("Kids"));
    if (Array.isArray(kids)) for (const kid of kids) stack.push({ value: kid, parentName: name, depth: depth + 1 });
  }
  return found;
}


/** The document's form fields (the catalog's /AcroForm /Fields and their descendants); none without a form. */
export async function documentFormFields(reader: PdfDocumentReader): Promise<FormField[]> {
  const { dict: catalog } = await catalogOf(reader);
  const acroForm = await reader.resolveDict(catalog.get("AcroForm"));
  const roots = await reader.resolve(acroForm?.get("Fields"));
  return Array.isArray(roots) ? collectFormFields(reader, roots) : [];
}

export type SignatureFieldDictionary = FormField & { signature: PdfDict; signatureRef?: PdfRef };

/**
 * The fields of `fields` that may be signature fields — /FT /Sig, or no /FT of their own (it may
 * be inherited, §12.7.4.1) — with a dictionary as their /V (§12.7.5.5), well-formed or not.
 */
export async function signatureFieldDictionaries(reader: PdfDocumentReader, fields: FormField[]): Promise<SignatureFieldDictionary[]> {
  const found: SignatureFieldDictionary[] = [];
  for (const field of fields) {
    const fieldType = field.dict.get("FT");
    if (fieldType !== undefined && fieldType !== PdfName.of("Sig")) continue;
    const value = field.dict.get("V");
    const signature = await reader.resolveDict(value);
    if (signature) found.push({ ...field, signature, ...(value instanceof PdfRef ? { signatureRef: value } : {}) });
  }
  return found;
}

/**
 * The signature fields that hold a signature or document timestamp, in /Fields order, with
 * their signature dictionaries: a string /Contents and an array /ByteRange.
 */
export async function signedSignatureFields(reader: PdfDocumentReader): Promise<SignatureFieldDictionary[]> {
  const candidates = await signatureFieldDictionaries(reader, await documentFormFields(reader));
  return candidates.filter(({ signature }) => signature.get("Contents") instanceof PdfString && Array.isArray(signature.get("ByteRange")));
}

/** §7.9.2.2: UTF-16BE with BOM, else PDFDocEncoding (Latin-1 is close enough for names). */
export function decodeTextString(value: PdfString): string {
  const b = value.bytes;
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    let text = "";
    for (let i = 2; i + 1 < b.length; i += 2) text += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
    return text;
  }
  // In slices: spreading a long string's bytes as arguments overflows the stack (RangeError).
  let text = "";
  for (let i = 0; i < b.length; i += 8192) text += String.fromCharCode(...b.subarray(i, i + 8192));
  return text;
}
