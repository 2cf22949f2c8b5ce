import { PdfDict, PdfRef, PdfStream, type PdfValue } from "../pdf/objects.js";
import type { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";

/** Deeper nesting inside one object than this is hostile. */
const MAX_VALUE_DEPTH = 64;

/** The object numbers a value refers to directly (a stream through its dictionary). */
export function referencesIn(value: PdfValue | undefined, found = new Set<number>(), depth = 0): Set<number> {
  if (depth > MAX_VALUE_DEPTH) return found;
  if (value instanceof PdfRef) found.add(value.objectNumber);
  else if (Array.isArray(value)) for (const item of value) referencesIn(item, found, depth + 1);
  else if (value instanceof PdfDict) for (const item of value.entries.values()) referencesIn(item, found, depth + 1);
  else if (value instanceof PdfStream) referencesIn(value.dict, found, depth + 1);
  return found;
}

const indexes = new WeakMap<PdfDocumentReader, Promise<Map<number, number[]>>>();

/**
 * For every object reachable from the catalog, the reachable objects that refer to it. Built
 * once per reader, and only when a later revision adds objects: it is how a verifier finds an
 * object defined after signing that a signed object already pointed at.
 */
export function referrersOf(reader: PdfDocumentReader): Promise<Map<number, number[]>> {
  let index = indexes.get(reader);
  if (!index) {
    index = buildIndex(reader);
    indexes.set(reader, index);
  }
  return index;
}

async function buildIndex(reader: PdfDocumentReader): Promise<Map<number, number[]>> {
  const referrers = new Map<number, number[]>();
  const root = reader.trailer.get("Root");
  if (!(root instanceof PdfRef)) return referrers;
  const seen = new Set([root.objectNumber]);
  const queue = [root.objectNumber];
  while (queue.length > 0) {
    const objectNumber = queue.pop()!;
    let value: PdfValue;
    try {
      value = await reader.getObject(new PdfRef(objectNumber, 0));
    } catch {
      // A damaged object refers to nothing a viewer could show; the damage is reported where it matters.
      continue;
    }
    for (const target of referencesIn(value)) {
      const list = referrers.get(target);
      if (list) list.push(objectNumber);
      else referrers.set(target, [objectNumber]);
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return referrers;
}
