import type { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";
import type { XrefEntry } from "../pdf/read/xref-entry.js";

/** How the objects of the current file differ, by where they are defined, from those of a signed revision. */
export interface XrefDifference {
  /** Defined when signed and defined somewhere else now (possibly with the same content). */
  redefined: number[];
  /** Absent or free when signed, defined now. */
  added: number[];
  /** Defined when signed, absent or free now: a reference to it now reads as null (ISO 32000-2 §7.3.10). */
  removed: number[];
}

const isDefined = (entry: XrefEntry | undefined): entry is Exclude<XrefEntry, { kind: "free" }> => entry !== undefined && entry.kind !== "free";

function sameLocation(a: XrefEntry, b: XrefEntry): boolean {
  if (a.kind === "in-file" && b.kind === "in-file") return a.offset === b.offset;
  if (a.kind === "in-object-stream" && b.kind === "in-object-stream") return a.streamObjectNumber === b.streamObjectNumber && a.index === b.index;
  return a.kind === b.kind;
}

/** An object inside an object stream moved if the object stream itself did. */
function unmoved(options: { objectNumber: number; signed: PdfDocumentReader; current: PdfDocumentReader }): boolean {
  const before = options.signed.entries.get(options.objectNumber);
  const after = options.current.entries.get(options.objectNumber);
  if (!isDefined(before) || !isDefined(after) || !sameLocation(before, after)) return false;
  if (after.kind !== "in-object-stream" || before.kind !== "in-object-stream") return true;
  const streamBefore = options.signed.entries.get(before.streamObjectNumber);
  const streamAfter = options.current.entries.get(after.streamObjectNumber);
  return isDefined(streamBefore) && isDefined(streamAfter) && streamBefore.kind === "in-file" && sameLocation(streamBefore, streamAfter);
}

/**
 * Whether the current cross-reference chain is the signed one with newer sections in front. It
 * need not be: an update's /Prev may skip the signed revision (or any other), silently bringing
 * back older versions of the objects it redefined.
 */
function extendsSignedChain(signed: PdfDocumentReader, current: PdfDocumentReader): boolean {
  const newer = current.sections.length - signed.sections.length;
  return newer >= 0 && signed.offsetShift === current.offsetShift && signed.sections.every((section, i) => section.offset === current.sections[newer + i]!.offset);
}

/**
 * Every object whose definition differs between a signed revision and the whole file, judged
 * by the effective cross-reference (what a reader resolves), not by which sections were
 * appended: an object can change because a later section redefines or frees it, because the
 * object stream it lives in was redefined, or because the chain no longer reaches the section
 * that defined it when signed (ISO 32000-2 §7.5.6, §7.5.8.4).
 */
export function xrefDifference(signed: PdfDocumentReader, current: PdfDocumentReader): XrefDifference {
  const difference: XrefDifference = { redefined: [], added: [], removed: [] };
  // When the chain is intact only numbers listed by the newer sections can differ (and the
  // object streams they redefine); otherwise every number is compared.
  let candidates: Iterable<number>;
  if (extendsSignedChain(signed, current)) {
    const listed = new Set<number>();
    for (const section of current.sections.slice(0, current.sections.length - signed.sections.length)) for (const objectNumber of section.entries.keys()) listed.add(objectNumber);
    if (listed.size > 0) {
      for (const [objectNumber, entry] of signed.entries) if (entry.kind === "in-object-stream" && listed.has(entry.streamObjectNumber)) listed.add(objectNumber);
    }
    candidates = listed;
  } else candidates = new Set([...signed.entries.keys(), ...current.entries.keys()]);
  for (const objectNumber of candidates) {
    const before = signed.entries.get(objectNumber);
    const after = current.entries.get(objectNumber);
    if (!isDefined(before)) {
      if (isDefined(after)) difference.added.push(objectNumber);
    } else if (!isDefined(after)) difference.removed.push(objectNumber);
    else if (!unmoved({ objectNumber, signed, current })) difference.redefined.push(objectNumber);
  }
  for (const list of [difference.redefined, difference.added, difference.removed]) list.sort((a, b) => a - b);
  return difference;
}
