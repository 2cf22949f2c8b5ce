import { PdfDict, PdfName, PdfNewStream, PdfRef, type PdfValue } from "../objects.js";
import type { PdfDocumentReader } from "../read/pdf-document-reader.js";
import { encryptNewObject } from "./encrypt-new-object.js";
import { PdfByteWriter, type WritableValue } from "./pdf-serializer.js";

export interface UpdatedObject {
  objectNumber: number;
  generation: number;
  value: WritableValue;
}

export interface IncrementalUpdate {
  /** The bytes to append after the original file, unchanged from the first byte. */
  bytes: Uint8Array;
  /** Placeholder positions within `bytes`. */
  placeholders: Map<string, { start: number; end: number }>;
}

/**
 * Trailer entries carried into the new section (§7.5.5, §7.5.6). An encrypted file keeps its
 * /Encrypt and the same /ID: the file key depends on the first /ID string (§7.6.4.3.2).
 */
const CARRIED_TRAILER_KEYS = ["Root", "Info", "ID", "Encrypt"];

/**
 * Writes an incremental update (ISO 32000-1 §7.5.6): new and changed objects, then a
 * cross-reference section of the same kind as the newest one in the file (a table, or an
 * xref stream when the file uses them), chained to it with /Prev. Nothing before the
 * update changes, so earlier signatures stay intact.
 */
export async function writeIncrementalUpdate(options: { reader: PdfDocumentReader; objects: UpdatedObject[] }): Promise<IncrementalUpdate> {
  const { reader, objects } = options;
  const originalSize = reader.source.size;
  const lastByte = (await reader.source.read(originalSize - 1, 1))[0];
  const writer = new PdfByteWriter();
  if (lastByte !== 0x0a && lastByte !== 0x0d) writer.raw("\n");

  // Offsets in a cross-reference section are written relative to the file's %PDF header
  // when the file has junk before it (readers add the same shift back).
  const writtenOffset = (positionInUpdate: number) => originalSize + positionInUpdate - reader.offsetShift;
  const offsets = new Map<number, { offset: number; generation: number }>();
  for (const object of [...objects].sort((a, b) => a.objectNumber - b.objectNumber)) {
    offsets.set(object.objectNumber, { offset: writtenOffset(writer.length), generation: object.generation });
    writer.raw(`${object.objectNumber} ${object.generation} obj\n`);
    // §7.6.2: in an encrypted file the new objects are encrypted too (not the xref stream below).
    const crypt = reader.security?.crypt;
    writer.value(crypt ? encryptNewObject({ crypt, ref: new PdfRef(object.objectNumber, object.generation), value: object.value }) : object.value);
    writer.raw("\nendobj\n");
  }

  const highest = Math.max(reader.size - 1, ...offsets.keys());
  const trailerEntries = new Map<string, PdfValue>();
  for (const key of CARRIED_TRAILER_KEYS) {
    const value = reader.trailer.get(key);
    if (value !== undefined) trailerEntries.set(key, value);
  }
  trailerEntries.set("Prev", reader.lastXrefOffset);

  const xrefOffset = writtenOffset(writer.length);
  if (reader.xrefKind === "table") writeTableSection({ writer, offsets, trailer: new PdfDict([["Size", highest + 1], ...trailerEntries]) });
  else {
    const streamNumber = highest + 1;
    offsets.set(streamNumber, { offset: xrefOffset, generation: 0 });
    writeStreamSection({ writer, offsets, streamNumber, trailerEntries });
  }
  writer.raw(`startxref\n${xrefOffset}\n%%EOF\n`);
  return { bytes: writer.bytes(), placeholders: writer.placeholders };
}

/** Consecutive object numbers form one subsection. */
function runsOf(numbers: number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const n of numbers) {
    const last = runs.at(-1);
    if (last && last[0] + last[1] === n) last[1] += 1;
    else runs.push([n, 1]);
  }
  return runs;
}

/** §7.5.4: 20-byte entries `nnnnnnnnnn ggggg n\r\n`, 10-digit offsets. */
function writeTableSection(options: { writer: PdfByteWriter; offsets: Map<number, { offset: number; generation: number }>; trailer: PdfDict }): void {
  const { writer, offsets, trailer } = options;
  const numbers = [...offsets.keys()].sort((a, b) => a - b);
  writer.raw("xref\n");
  for (const [first, count] of runsOf(numbers)) {
    writer.raw(`${first} ${count}\n`);
    for (let n = first; n < first + count; n += 1) {
      const { offset, generation } = offsets.get(n)!;
      if (offset > 9_999_999_999) throw new Error("offset beyond what a cross-reference table can hold");
      writer.raw(`${String(offset).padStart(10, "0")} ${String(generation).padStart(5, "0")} n\r\n`);
    }
  }
  writer.raw("trailer\n");
  writer.value(trailer);
  writer.raw("\n");
}

/** §7.5.8: an uncompressed xref stream, type-1 rows, offset field as wide as needed. */
function writeStreamSection(options: {
  writer: PdfByteWriter;
  offsets: Map<number, { offset: number; generation: number }>;
  streamNumber: number;
  trailerEntries: Map<string, PdfValue>;
}): void {
  const { writer, offsets, streamNumber, trailerEntries } = options;
  const numbers = [...offsets.keys()].sort((a, b) => a - b);
  const maxOffset = Math.max(...[...offsets.values()].map((o) => o.offset));
  let offsetWidth = 4;
  while (maxOffset >= 2 ** (8 * offsetWidth)) offsetWidth += 1;
  const rowLength = 1 + offsetWidth + 2;
  const data = new Uint8Array(numbers.length * rowLength);
  numbers.forEach((n, row) => {
    const { offset, generation } = offsets.get(n)!;
    const at = row * rowLength;
    data[at] = 1;
    let rest = offset;
    for (let i = offsetWidth; i >= 1; i -= 1) {
      data[at + i] = rest % 256;
      rest = Math.floor(rest / 256);
    }
    data[at + offsetWidth + 1] = generation >> 8;
    data[at + offsetWidth + 2] = generation & 0xff;
  });
  const dict = new PdfDict([
    ["Type", PdfName.of("XRef")],
    ["Size", streamNumber + 1],
    ["W", [1, offsetWidth, 2]],
    ["Index", runsOf(numbers).flat()],
    ...trailerEntries,
  ]);
  writer.raw(`${streamNumber} 0 obj\n`);
  writer.value(new PdfNewStream(dict, data));
  writer.raw("\nendobj\n");
}
