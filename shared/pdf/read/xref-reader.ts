import type { ByteSource } from "../byte-source.js";
import { PdfDict, PdfName, numberValue } from "../objects.js";
import { ENDSTREAM_LOOKAHEAD_BYTES, isWhitespace, startsWithEndstream } from "./parser.js";
import { malformed } from "./pdf-syntax-error.js";
import { decodeStreamData } from "./stream-decoding.js";
import { parseAt } from "./windowed-parse.js";
import type { XrefEntry, XrefSection } from "./xref-entry.js";

/**
 * More revisions than any real file has; beyond this a /Prev chain is treated as hostile.
 * Each section costs a read and a parse (10,000 took about 2 s here), so the bound is also time.
 */
const MAX_SECTIONS = 4_000;
/**
 * Cross-reference entries read over the whole /Prev chain: a million, or one per 8 bytes of a
 * bigger file (no object is smaller). A compressed xref stream lists millions of objects in a
 * few kilobytes and each entry costs about a microsecond and a map slot (measured: 1M ≈ 1 s),
 * so a file claiming more entries than it has room for is refused before the work is done.
 */
export function xrefEntryBudget(fileSize: number): number {
  return Math.max(1_000_000, Math.floor(fileSize / 8));
}
/** Object numbers above this are absurd (ISO 32000-1 Annex C: 8,388,607 indirect objects). */
export const MAX_OBJECT_NUMBER = 8_388_607;

/**
 * Reads every cross-reference section from the newest (at startxref) back through /Prev,
 * newest first. Offsets are as written in the file plus `offsetShift` (junk before %PDF).
 */
export async function readXrefChain(options: { source: ByteSource; startxref: number; offsetShift: number }): Promise<XrefSection[]> {
  const { source, offsetShift } = options;
  const sections: XrefSection[] = [];
  const visited = new Set<number>();
  let entryCount = 0;
  let next: number | undefined = options.startxref;
  while (next !== undefined) {
    if (visited.has(next)) throw malformed("circular /Prev chain in cross-reference sections");
    if (sections.length >= MAX_SECTIONS) throw malformed("too many cross-reference sections");
    visited.add(next);
    const section = await readSection(source, next + offsetShift, next);
    sections.push(section);
    // Hybrid-reference files (§7.5.8.4): the table's trailer points at an xref stream with the
    // objects that old readers must not see; for this revision those entries complete the table.
    const xrefStm = numberValue(section.trailer.get("XRefStm"));
    if (section.kind === "table" && xrefStm !== undefined && !visited.has(xrefStm)) {
      visited.add(xrefStm);
      const hidden = await readSection(source, xrefStm + offsetShift, xrefStm);
      for (const [objectNumber, entry] of hidden.entries) {
        const existing = section.entries.get(objectNumber);
        if (!existing || existing.kind === "free") section.entries.set(objectNumber, entry);
      }
    }
    entryCount += section.entries.size;
    if (entryCount > xrefEntryBudget(source.size)) throw malformed("more cross-reference entries than the file has room for");
    next = numberValue(section.trailer.get("Prev"));
  }
  return sections;
}

/** Whitespace tolerated between a cross-reference offset and the `xref` keyword it should point at. */
const MAX_WHITESPACE_BEFORE_XREF = 16;

async function readSection(source: ByteSource, at: number, writtenOffset: number): Promise<XrefSection> {
  // /Prev and /XRefStm come from the file: a negative, fractional or huge one must not reach a read.
  if (!Number.isSafeInteger(at) || at < 0 || at >= source.size) throw malformed("cross-reference offset outside the file", at);
  // Writers off by one (node-signpdf / @signpdf's placeholder-plain point startxref at the newline
  // before `xref`) are common in portals; qpdf and poppler skip the whitespace, and so does kyso —
  // its own /Prev then points at the keyword itself.
  const head = await source.read(at, 4 + MAX_WHITESPACE_BEFORE_XREF);
  let keywordAt = 0;
  while (keywordAt < MAX_WHITESPACE_BEFORE_XREF && isWhitespace(head[keywordAt] ?? 0x78)) keywordAt += 1;
  if (String.fromCharCode(...head.subarray(keywordAt, keywordAt + 4)) === "xref") return parseAt(source, at + keywordAt, (parser) => ({ ...parseTable(parser), offset: writtenOffset + keywordAt }));
  return readXrefStream(source, at, writtenOffset);
}

/** §7.5.4: `xref`, subsections `first count` of 20-byte `offset gen n|f` entries, `trailer <<…>>`. */
function parseTable(parser: import("./parser.js").PdfParser): Omit<XrefSection, "offset"> {
  parser.expectKeyword("xref");
  const entries = new Map<number, XrefEntry>();
  for (;;) {
    const start = parser.pos;
    const word = parser.keyword();
    if (word === "trailer") break;
    parser.pos = start;
    const first = parser.integer();
    const count = parser.integer();
    if (first + count > MAX_OBJECT_NUMBER + 1) throw malformed("cross-reference subsection beyond the object number limit");
    for (let i = 0; i < count; i += 1) {
      const offset = parser.integer();
      const generation = parser.integer();
      const type = parser.keyword();
      if (type !== "n" && type !== "f") throw malformed(`bad cross-reference entry type "${type.slice(0, 10)}"`);
      // Within one section the first entry for a number counts (files with duplicated subsections exist).
      if (!entries.has(first + i)) entries.set(first + i, type === "n" ? { kind: "in-file", offset, generation } : { kind: "free" });
    }
  }
  parser.skipWhitespaceAndComments();
  if (parser.bytes[parser.pos] !== 0x3c) throw malformed("trailer is not a dictionary");
  const trailer = parser.dictionary();
  return { kind: "table", trailer, entries };
}

/** §7.5.8: an xref stream — /W field widths, /Index ranges, binary big-endian rows. */
async function readXrefStream(source: ByteSource, at: number, writtenOffset: number): Promise<XrefSection> {
  const parsed = await parseAt(source, at, (parser) => parser.indirectObject());
  const dict = parsed.value;
  if (!(dict instanceof PdfDict) || parsed.streamDataStart === undefined) throw malformed("startxref does not point at a cross-reference table or stream", at);
  if (dict.get("Type") !== PdfName.of("XRef")) throw malformed("cross-reference stream without /Type /XRef", at);
  const length = numberValue(dict.get("Length"));
  if (length === undefined || !Number.isSafeInteger(length) || length < 0 || at + parsed.streamDataStart + length > source.size) throw malformed("bad /Length of cross-reference stream", at);
  const framed = await source.read(at + parsed.streamDataStart, length + ENDSTREAM_LOOKAHEAD_BYTES);
  if (!startsWithEndstream(framed.subarray(length))) throw malformed("cross-reference stream does not end where its /Length says", at);
  const raw = framed.subarray(0, length);
  const data = await decodeStreamData(dict, raw);

  const widths = dict.get("W");
  if (!Array.isArray(widths) || widths.length !== 3 || !widths.every((w) => typeof w === "number" && w >= 0 && w <= 8)) throw malformed("bad /W in cross-reference stream", at);
  const [w0, w1, w2] = widths as [number, number, number];
  const rowLength = w0 + w1 + w2;
  const size = numberValue(dict.get("Size")) ?? 0;
  const indexValue = dict.get("Index") ?? [0, size];
  if (!Array.isArray(indexValue) || indexValue.length % 2 !== 0) throw malformed("bad /Index in cross-reference stream", at);

  // Zero-width rows would let /Index ranges loop without consuming data.
  if (rowLength === 0) throw malformed("cross-reference stream with zero-width rows", at);
  const entries = new Map<number, XrefEntry>();
  let row = 0;
  for (let i = 0; i < indexValue.length; i += 2) {
    const first = numberValue(indexValue[i]);
    const count = numberValue(indexValue[i + 1]);
    if (first === undefined || count === undefined || !Number.isSafeInteger(first) || !Number.isSafeInteger(count) || first < 0 || count < 0 || first + count > MAX_OBJECT_NUMBER + 1) throw malformed("bad /Index range", at);
    // Per range, before any row is read: absurd counts fail without work. No section lists more rows than there can be objects.
    if ((row + count) * rowLength > data.length || row + count > MAX_OBJECT_NUMBER + 1) throw malformed("cross-reference stream shorter than its /Index says", at);
    if (row + count > xrefEntryBudget(source.size)) throw malformed("more cross-reference entries than the file has room for", at);
    for (let n = 0; n < count; n += 1, row += 1) {
      const entry = entryAt(data, row * rowLength, widths as [number, number, number]);
      if (entry && !entries.has(first + n)) entries.set(first + n, entry);
    }
  }
  return { kind: "stream", offset: writtenOffset, trailer: dict, entries };
}

/** One entry shared by every free row: a section can list millions of them. */
const FREE_ENTRY: XrefEntry = Object.freeze({ kind: "free" });

/**
 * §7.5.8.3 Table 18: type 0 free, 1 in file, 2 in an object stream; a zero-width type means 1.
 * Big-endian fields read into locals: this runs once per object of the file.
 */
function entryAt(data: Uint8Array, at: number, [w0, w1, w2]: [number, number, number]): XrefEntry | undefined {
  let position = at;
  let type = w0 === 0 ? 1 : 0;
  for (let i = 0; i < w0; i += 1) type = type * 256 + data[position++]!;
  let field2 = 0;
  for (let i = 0; i < w1; i += 1) field2 = field2 * 256 + data[position++]!;
  let field3 = 0;
  for (let i = 0; i < w2; i += 1) field3 = field3 * 256 + data[position++]!;
  if (type === 0) return FREE_ENTRY;
  if (type === 1) return { kind: "in-file", offset: field2, generation: field3 };
  if (type === 2) return { kind: "in-object-stream", streamObjectNumber: field2, index: field3 };
  // §7.5.8.3: other types are references to the null object; ignore them.
  return undefined;
}
