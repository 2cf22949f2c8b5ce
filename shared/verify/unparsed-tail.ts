import type { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";
import type { Modification } from "./revision-changes.js";

/** How much of the unexplained tail is searched for object syntax; a longer tail is suspect anyway. */
const TAIL_SEARCH_BYTES = 1024 * 1024;
const OBJECT_SYNTAX = /\d+\s+\d+\s+obj\b|\bxref\b|\btrailer\b|\bstartxref\b/;

/**
 * Bytes after the newest revision that the cross-reference chain does not describe, when they
 * hold PDF objects. A reader that follows the chain (kyso) does not see them, but a viewer that
 * "repairs" the file by scanning for objects may show them — an incremental update whose
 * startxref was broken on purpose (an incremental saving attack aimed at the repair path).
 * Whitespace, padding and junk without object syntax are left alone.
 */
export async function unparsedTail(options: { reader: PdfDocumentReader; revisionEnds: number[] }): Promise<Modification | undefined> {
  const { reader } = options;
  const newestSection = reader.lastXrefOffset + reader.offsetShift;
  const end = options.revisionEnds.filter((at) => at > newestSection).reduce((a, b) => Math.min(a, b), reader.source.size);
  const length = reader.source.size - end;
  if (length <= 0) return undefined;
  const tail = await reader.source.read(end, Math.min(length, TAIL_SEARCH_BYTES));
  const text = new TextDecoder("latin1").decode(tail);
  if (length <= TAIL_SEARCH_BYTES && !OBJECT_SYNTAX.test(text)) return undefined;
  return { class: "other", objectNumber: 0, detail: `${length} bytes after the last revision hold PDF objects no cross-reference section describes (a viewer repairing the file could show them)` };
}
