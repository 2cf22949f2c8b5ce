import { PdfDict, PdfName, PdfString, type PdfValue } from "../objects.js";
import { decodeTextString } from "./form-fields.js";
import type { PdfDocumentReader } from "./pdf-document-reader.js";

/**
 * Which form fields a signature locks (ISO 32000-2 §12.7.5.5 Table 236, §12.8.2.4 FieldMDP):
 * all of them, only those named, or all but those named. Names are fully qualified. Read here
 * once for signing (refusing to sign a locked field) and verification (judging later changes).
 */
export type FieldLock = { action: "All" } | { action: "Include" | "Exclude"; fields: string[] };

/** Reads a /Lock or FieldMDP /TransformParams dictionary; an unknown /Action locks all, the safe reading. */
export async function readFieldLock(reader: PdfDocumentReader, value: PdfValue | undefined): Promise<FieldLock | undefined> {
  const dict = await reader.resolveDict(value);
  if (!dict) return undefined;
  const fields = await reader.resolve(dict.get("Fields"));
  const names = Array.isArray(fields) ? fields.filter((f): f is PdfString => f instanceof PdfString).map(decodeTextString) : [];
  const action = dict.get("Action");
  if (action === PdfName.of("Include")) return { action: "Include", fields: names };
  if (action === PdfName.of("Exclude")) return { action: "Exclude", fields: names };
  return { action: "All" };
}

export function locksField(lock: FieldLock, fieldName: string): boolean {
  if (lock.action === "All") return true;
  return lock.action === "Include" ? lock.fields.includes(fieldName) : !lock.fields.includes(fieldName);
}

/** A signature's FieldMDP locks, from its /Reference array (§12.8.1 Table 253). */
export async function fieldLocksOf(reader: PdfDocumentReader, signature: PdfDict): Promise<FieldLock[]> {
  const references = await reader.resolve(signature.get("Reference"));
  const locks: FieldLock[] = [];
  for (const item of Array.isArray(references) ? references : []) {
    const reference = await reader.resolveDict(item);
    if (reference?.get("TransformMethod") !== PdfName.of("FieldMDP")) continue;
    const lock = await readFieldLock(reader, reference.get("TransformParams"));
    if (lock) locks.push(lock);
  }
  return locks;
}
