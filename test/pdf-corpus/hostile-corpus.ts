import { deflateSync } from "node:zlib";
import type { ErrorCode } from "../../shared/protocol/error-codes.js";
import { MINIMAL_OBJECTS, classicPdf, latin1Bytes, objectStreamPdf, startxrefOf, xrefStreamPdf } from "./hand-built-pdf.js";

/**
 * Hostile and damaged PDFs, written by hand. Each fixture models one attack on a PDF reader
 * or one defect met in real files. The policy they pin down: kyso signs by incremental
 * update, so the signed revision chains to the original cross-reference sections with /Prev.
 * A file whose structure needed repairing would carry a signature over bytes that other
 * readers reconstruct differently, so damage in the structure kyso reads is refused with a
 * typed error (as iText refuses "append mode" on a document that needed recovery) instead of
 * being guessed around; what kyso never reads passes through unchanged.
 */
export interface HostileFixture {
  name: string;
  /** The attack or real-world defect this file models. */
  models: string;
  bytes: () => Uint8Array;
  /** A typed refusal, or `signed`: the defect is tolerated and the output must pass the checkers. */
  outcome: { code: ErrorCode } | "signed";
}

const MALFORMED = { code: "PDF_MALFORMED" } as const;
const text = (build: () => string) => () => latin1Bytes(build());
const minimal = classicPdf();
const withTrailer = (trailer: string) => classicPdf({ trailer });
/** Object 1 (the catalog) replaced, the rest of the minimal file kept. */
const withCatalog = (catalog: string, extra: string[] = []) => classicPdf({ objects: [catalog, ...MINIMAL_OBJECTS.slice(1), ...extra] });
/** A page tree whose root (object 2) is replaced; objects from 4 on are extra nodes. */
const withPageTree = (root: string, extra: string[] = []) => classicPdf({ objects: [MINIMAL_OBJECTS[0]!, root, MINIMAL_OBJECTS[2]!, ...extra] });

/** `count` minimal revisions, each an xref section with /Prev to the one before (§7.5.6). */
function prevChain(count: number): string {
  const parts = [minimal];
  let length = minimal.length;
  let previous = startxrefOf(minimal);
  for (let i = 0; i < count; i += 1) {
    const section = `xref\n0 0\ntrailer\n<< /Size 4 /Root 1 0 R /Prev ${previous} >>\nstartxref\n${length}\n%%EOF\n`;
    parts.push(section);
    previous = length;
    length += section.length;
  }
  return parts.join("");
}

/** A file whose only cross-reference section is a Flate-compressed xref stream (object 1) with `dict` entries. */
function compressedXrefStreamPdf(dict: string, data: Uint8Array): Uint8Array {
  const compressed = deflateSync(data);
  const head = `%PDF-1.7\n1 0 obj\n<< /Type /XRef ${dict} /Filter /FlateDecode /Length ${compressed.length} >>\nstream\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), compressed, Buffer.from("\nendstream\nendobj\nstartxref\n9\n%%EOF\n", "latin1")]);
}

/** Where object `objectNumber`'s 20-byte entry starts in a single-subsection table. */
function xrefEntryOf(file: string, objectNumber: number): number {
  const match = new RegExp(`xref\\n0 \\d+\\n(?:[^]{20}){${objectNumber}}`).exec(file)!;
  return match.index + match[0].length;
}

/** Replaces object `objectNumber`'s 20-byte entry with `line` (an offset, or a whole raw entry). */
function replaceXrefEntry(file: string, objectNumber: number, line: string): string {
  const at = xrefEntryOf(file, objectNumber);
  return file.slice(0, at) + (line.endsWith("\n") ? line : `${line.padStart(10, "0")} 00000 n \n`) + file.slice(at + 20);
}

export const HOSTILE_FIXTURES: HostileFixture[] = [
  // --- Truncation: downloads cut short, attachments clipped by mail gateways.
  { name: "an empty file", models: "a zero-byte upload", bytes: () => new Uint8Array(), outcome: MALFORMED },
  { name: "only the header", models: "a transfer cut after the first line", bytes: text(() => "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), outcome: MALFORMED },
  { name: "a file cut in half", models: "a truncated download: no startxref at the end", bytes: text(() => minimal.slice(0, minimal.length / 2)), outcome: MALFORMED },
  { name: "a file cut inside the xref table", models: "truncation after startxref was found in an older copy", bytes: text(() => minimal.slice(0, startxrefOf(minimal) + 30) + `\nstartxref\n${startxrefOf(minimal)}\n%%EOF\n`), outcome: MALFORMED },
  { name: "a file cut inside the trailer dictionary", models: "truncation in the middle of << … >>", bytes: text(() => minimal.replace(/trailer\n<<[^>]*>>/, "trailer\n<< /Size 4 /Ro")), outcome: MALFORMED },
  { name: "a file of NUL bytes after the header", models: "a preallocated file never filled (torrent/download managers)", bytes: () => latin1Bytes("%PDF-1.7\n" + "\0".repeat(1 << 20)), outcome: MALFORMED },

  // --- startxref and cross-reference offsets.
  { name: "startxref past the end of the file", models: "an offset from a longer version of the file", bytes: text(() => minimal.replace(/startxref\n\d+/, "startxref\n99999999")), outcome: MALFORMED },
  { name: "startxref with 30 digits", models: "integer overflow: an offset beyond 2^53", bytes: text(() => minimal.replace(/startxref\n\d+/, `startxref\n${"9".repeat(30)}`)), outcome: MALFORMED },
  { name: "startxref negative", models: "a signed offset", bytes: text(() => minimal.replace(/startxref\n\d+/, "startxref\n-9")), outcome: MALFORMED },
  { name: "startxref pointing into an object", models: "offsets not updated after an edit", bytes: text(() => minimal.replace(/startxref\n\d+/, "startxref\n30")), outcome: MALFORMED },
  {
    name: "an xref entry pointing at another object",
    models: "offsets shifted by an editor that rewrote the body (pdf.js would rebuild the xref; a signature must not rest on a guess)",
    bytes: text(() => replaceXrefEntry(minimal, 1, String(/\n2 0 obj/.exec(minimal)!.index + 1))),
    outcome: MALFORMED,
  },
  { name: "an xref entry past the end of the file", models: "an offset from a longer version of the file", bytes: text(() => replaceXrefEntry(minimal, 1, "9999999999")), outcome: MALFORMED },
  { name: "an xref entry pointing into whitespace before its object", models: "off-by-one offsets from a sloppy writer (the object is still found by skipping whitespace)", bytes: text(() => replaceXrefEntry(minimal, 3, String(/\n3 0 obj/.exec(minimal)!.index))), outcome: "signed" },
  { name: "an absurd object number in an xref subsection", models: "integer overflow of first + count", bytes: text(() => minimal.replace("xref\n0 4", "xref\n4294967290 4")), outcome: MALFORMED },
  { name: "an xref subsection claiming 99,999,999 entries", models: "an absurd count meant to make the reader allocate or loop", bytes: text(() => minimal.replace("xref\n0 4", "xref\n0 99999999")), outcome: MALFORMED },
  { name: "an xref entry with a 20-digit offset", models: "integer overflow in an offset field", bytes: text(() => replaceXrefEntry(minimal, 1, "99999999999999999999 00000 n \n")), outcome: MALFORMED },
  { name: "an xref entry with a bad type letter", models: "a corrupted table", bytes: text(() => minimal.replace(/00000 n \n/, "00000 x \n")), outcome: MALFORMED },

  // --- The /Prev chain (§7.5.6).
  { name: "a /Prev pointing at its own section", models: "circular /Prev: a reader that follows it never stops", bytes: text(() => withTrailer(`/Size 4 /Root 1 0 R /Prev ${startxrefOf(minimal)}`)), outcome: MALFORMED },
  {
    name: "two sections whose /Prev point at each other",
    models: "a longer /Prev cycle: the older section's /Prev leads back to the newer one",
    bytes: text(() => {
      const older = withTrailer("/Size 4 /Root 1 0 R /Prev 0000000000");
      const newerAt = older.length;
      const both = `${older}xref\n0 0\ntrailer\n<< /Size 4 /Root 1 0 R /Prev ${startxrefOf(older)} >>\nstartxref\n${newerAt}\n%%EOF\n`;
      return both.replace("/Prev 0000000000", `/Prev ${String(newerAt).padStart(10, "0")}`);
    }),
    outcome: MALFORMED,
  },
  { name: "a /Prev past the end of the file", models: "an incremental update appended to a longer original", bytes: text(() => withTrailer("/Size 4 /Root 1 0 R /Prev 99999999")), outcome: MALFORMED },
  { name: "a negative /Prev", models: "a signed offset", bytes: text(() => withTrailer("/Size 4 /Root 1 0 R /Prev -20")), outcome: MALFORMED },
  { name: "a fractional /Prev and /XRefStm", models: "a real where an offset belongs: file reads at position 12.5 must not reach the OS", bytes: text(() => withTrailer("/Size 4 /Root 1 0 R /Prev 12.5 /XRefStm 3.5")), outcome: MALFORMED },
  { name: "a /Prev chain of 200 revisions", models: "a much-updated file within the limits: the bounds must not refuse it", bytes: text(() => prevChain(200)), outcome: "signed" },
  { name: "a /Prev chain of 10,000 revisions", models: "a chain long enough to make the reader work without end", bytes: text(() => prevChain(10_000)), outcome: MALFORMED },

  // --- Trailer.
  { name: "a trailer without /Root", models: "a writer that forgot the catalog", bytes: text(() => withTrailer("/Size 4")), outcome: MALFORMED },
  { name: "a /Root that is not a dictionary", models: "a /Root to an integer object", bytes: text(() => classicPdf({ objects: ["42", ...MINIMAL_OBJECTS.slice(1)] })), outcome: MALFORMED },
  { name: "a /Root to a missing object", models: "a dangling reference (the null object, §7.3.10)", bytes: text(() => withTrailer("/Size 4 /Root 77 0 R")), outcome: MALFORMED },
  { name: "a /Root with generation 99999", models: "a generation beyond 65535 that would be written back into the update's xref", bytes: text(() => withTrailer("/Size 4 /Root 1 99999 R")), outcome: MALFORMED },
  { name: "/Size 4.5", models: "a fractional /Size from which new object numbers would be counted", bytes: text(() => withTrailer("/Size 4.5 /Root 1 0 R")), outcome: MALFORMED },
  { name: "/Size 2^31", models: "an absurd /Size that would make new objects absurd numbers", bytes: text(() => withTrailer("/Size 2147483648 /Root 1 0 R")), outcome: MALFORMED },

  // --- Objects and the parser.
  { name: "arrays nested 100,000 deep", models: "stack exhaustion in a recursive parser", bytes: text(() => withCatalog(`<< /Type /Catalog /Pages 2 0 R /Deep ${"[".repeat(100_000)} >>`)), outcome: MALFORMED },
  { name: "dictionaries nested 100,000 deep", models: "stack exhaustion in a recursive parser", bytes: text(() => withCatalog(`<< /Type /Catalog /Pages 2 0 R /Deep ${"<< /A ".repeat(100_000)} >>`)), outcome: MALFORMED },
  { name: "a literal string with unbalanced parentheses running to the end of the file", models: "a lexer that reads to EOF, in a file with 8 MB after the string", bytes: text(() => withCatalog(`<< /Type /Catalog /Pages 2 0 R /S (${"((x".repeat(1 << 21)}) >>`)), outcome: MALFORMED },
  { name: "a hex string never closed", models: "a lexer that reads to EOF", bytes: text(() => withCatalog(`<< /Type /Catalog /Pages 2 0 R /H <${"0a".repeat(1 << 20)}`)), outcome: MALFORMED },
  { name: "a 1 MB name", models: "a token too long for String.fromCharCode(...bytes) (RangeError)", bytes: text(() => withCatalog(`<< /Type /Catalog /Pages 2 0 R /${"N".repeat(1 << 20)} 1 >>`)), outcome: MALFORMED },
  { name: "a 1 MB signature field name", models: "a text string too long for String.fromCharCode(...bytes) (RangeError) when field names are read", bytes: text(() => withCatalog("<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>", [`<< /FT /Sig /T (${"T".repeat(1 << 20)}) >>`])), outcome: MALFORMED },
  {
    name: "a form field tree 10,000 deep with 1 KB names",
    models: "full names (§12.7.3.2) growing down a deep tree: quadratic memory if every level keeps its whole name",
    bytes: text(() => withCatalog("<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>", Array.from({ length: 10_000 }, (_, i) => `<< /T (${"n".repeat(1024)}) /Kids [${i + 5} 0 R] >>`))),
    outcome: MALFORMED,
  },
  { name: "an object with generation 10^14", models: "an absurd generation number in an object header", bytes: text(() => minimal.replace("1 0 obj", "1 100000000000000 obj")), outcome: MALFORMED },

  // --- Streams (§7.3.8).
  { name: "a stream /Length past the end of the file", models: "an absurd length meant to make the reader allocate", bytes: text(() => objectStreamPdf({ streamDict: (d) => `/Type /ObjStm /N ${d.n} /First ${d.first} /Length 999999999` })), outcome: MALFORMED },
  { name: "a negative stream /Length", models: "a signed length", bytes: text(() => objectStreamPdf({ streamDict: (d) => `/Type /ObjStm /N ${d.n} /First ${d.first} /Length -1` })), outcome: MALFORMED },
  { name: "a stream without /Length", models: "a writer that leaves the length out (readers then search for endstream)", bytes: text(() => objectStreamPdf({ streamDict: (d) => `/Type /ObjStm /N ${d.n} /First ${d.first}` })), outcome: MALFORMED },
  { name: "a stream /Length too short", models: "a length not updated after an edit: endstream is not where /Length says", bytes: text(() => objectStreamPdf({ streamDict: (d) => `/Type /ObjStm /N ${d.n} /First ${d.first} /Length ${d.length - 20}` })), outcome: MALFORMED },
  { name: "a stream /Length too long", models: "a length that counts the EOL and part of endstream: the data read is not the data written", bytes: text(() => objectStreamPdf({ streamDict: (d) => `/Type /ObjStm /N ${d.n} /First ${d.first} /Length ${d.length + 5}` })), outcome: MALFORMED },
  { name: "a stream whose indirect /Length is itself", models: "a stream's /Length referring to the stream (§7.3.8.2)", bytes: text(() => objectStreamPdf({ streamDict: (d) => `/Type /ObjStm /N ${d.n} /First ${d.first} /Length 4 0 R` })), outcome: MALFORMED },
  {
    name: "an object stream whose indirect /Length lives inside itself",
    models: "a self-dependency: loading the stream needs the stream (a reader that awaits itself never finishes)",
    bytes: text(() => objectStreamPdf({ streamDict: (d) => `/Type /ObjStm /N ${d.n} /First ${d.first} /Length 2 0 R` })),
    outcome: MALFORMED,
  },
  {
    name: "two streams whose indirect /Length point at each other",
    models: "a reference cycle through /Length (§7.3.8.2 allows an indirect /Length, not a loop)",
    bytes: text(() => withCatalog("<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>", ["<< /Length 5 0 R >>\nstream\nAAAA\nendstream", "<< /Length 4 0 R >>\nstream\nBBBB\nendstream"])),
    outcome: MALFORMED,
  },
  { name: "an object stream with /N 10^9", models: "an absurd object count meant to make the reader loop", bytes: text(() => objectStreamPdf({ streamDict: (d) => `/Type /ObjStm /N 1000000000 /First ${d.first} /Length ${d.length}` })), outcome: MALFORMED },
  { name: "an object stream with /First past its data", models: "an offset beyond the decoded data", bytes: text(() => objectStreamPdf({ streamDict: (d) => `/Type /ObjStm /N ${d.n} /First 99999 /Length ${d.length}` })), outcome: MALFORMED },
  { name: "an object stream with a negative /First", models: "a signed offset", bytes: text(() => objectStreamPdf({ streamDict: (d) => `/Type /ObjStm /N ${d.n} /First -5 /Length ${d.length}` })), outcome: MALFORMED },

  // --- Cross-reference streams (§7.5.8).
  { name: "an xref stream with /W [0 0 0]", models: "zero-width rows: a reader looping over /Index without consuming data", bytes: text(() => xrefStreamPdf({ dict: (d) => `/Type /XRef /Size ${d.size} /W [0 0 0] /Index [0 8388607 0 8388607 0 8388607] /Root 1 0 R /Length ${d.length}` })), outcome: MALFORMED },
  { name: "an xref stream with /W [1 100 2]", models: "a field wider than any integer", bytes: text(() => xrefStreamPdf({ dict: (d) => `/Type /XRef /Size ${d.size} /W [1 100 2] /Root 1 0 R /Length ${d.length}` })), outcome: MALFORMED },
  { name: "an xref stream with a negative /W", models: "a signed width", bytes: text(() => xrefStreamPdf({ dict: (d) => `/Type /XRef /Size ${d.size} /W [1 -4 2] /Root 1 0 R /Length ${d.length}` })), outcome: MALFORMED },
  { name: "an xref stream with an absurd /Index count", models: "an /Index range far beyond the data", bytes: text(() => xrefStreamPdf({ dict: (d) => `/Type /XRef /Size ${d.size} /W [1 4 2] /Index [0 8388608] /Root 1 0 R /Length ${d.length}` })), outcome: MALFORMED },
  { name: "an xref stream offset of 2^63", models: "integer overflow: an 8-byte offset beyond 2^53", bytes: text(() => xrefStreamPdf({ widths: [1, 8, 2], rows: (o) => [[0, 0, 65535], [1, 2 ** 63, 0], [1, o[1]!, 0], [1, o[2]!, 0]] })), outcome: MALFORMED },
  { name: "an xref stream that names an object stream that is itself compressed", models: "an object stream inside an object stream", bytes: text(() => xrefStreamPdf({ rows: () => [[0, 0, 65535], [2, 1, 0], [2, 1, 1], [2, 1, 2]] })), outcome: MALFORMED },
  {
    name: "an xref stream of 8,388,607 rows twice over in 16 KB",
    models: "/W [1 0 0] and an /Index naming every possible object twice: the most rows a compressed section can make the reader store",
    bytes: () => compressedXrefStreamPdf("/Size 8388608 /W [1 0 0] /Index [0 8388607 0 8388607] /Root 1 0 R", new Uint8Array(2 * 8_388_607)),
    outcome: MALFORMED,
  },
  {
    name: "an xref stream of 2,000,000 in-use objects in 20 KB",
    models: "a compressed section claiming more objects than the file has room for: each entry costs the reader a microsecond and a map slot",
    bytes: () => {
      const rows = new Uint8Array(2_000_000 * 7);
      for (let row = 0; row < 2_000_000; row += 1) rows[row * 7] = 1;
      return compressedXrefStreamPdf("/Size 2000000 /W [1 4 2] /Root 1 0 R", rows);
    },
    outcome: MALFORMED,
  },
  {
    name: "a Flate bomb in an xref stream",
    models: "a few hundred KB that inflate to 200 MB (capped at 64 MB in stream-decoding.ts)",
    bytes: () => {
      const bomb = deflateSync(Buffer.alloc(200 * 1024 * 1024), { level: 9 });
      const head = `%PDF-1.7\n1 0 obj\n<< /Type /XRef /Size 2 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n`;
      return Buffer.concat([Buffer.from(head, "latin1"), bomb, Buffer.from("\nendstream\nendobj\nstartxref\n9\n%%EOF\n", "latin1")]);
    },
    outcome: MALFORMED,
  },
  {
    name: "a chain of 1,000 FlateDecode filters",
    models: "layered decompression: each layer within the cap, the sum unbounded",
    bytes: () => {
      let data: Buffer = Buffer.from("\x01\x00\x00\x00\x00\x00");
      for (let i = 0; i < 1000; i += 1) data = deflateSync(data);
      const filters = "/FlateDecode ".repeat(1000);
      const head = `%PDF-1.7\n1 0 obj\n<< /Type /XRef /Size 2 /W [1 4 1] /Root 1 0 R /Filter [${filters}] /Length ${data.length} >>\nstream\n`;
      return Buffer.concat([Buffer.from(head, "latin1"), data, Buffer.from("\nendstream\nendobj\nstartxref\n9\n%%EOF\n", "latin1")]);
    },
    outcome: MALFORMED,
  },

  // --- Page tree (§7.7.3).
  { name: "a page tree whose /Kids point back at the root", models: "a cycle: a reader descending /Kids never stops", bytes: text(() => withPageTree("<< /Type /Pages /Kids [2 0 R] /Count 5 >>")), outcome: MALFORMED },
  { name: "a page tree cycle two levels down", models: "a kid whose /Kids point at its parent", bytes: text(() => withPageTree("<< /Type /Pages /Kids [4 0 R] /Count 1 >>", ["<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])), outcome: MALFORMED },
  {
    name: "a page tree 1,000 levels deep",
    models: "a chain of /Pages nodes with one kid each",
    bytes: text(() => withPageTree("<< /Type /Pages /Kids [4 0 R] /Count 1 >>", Array.from({ length: 1000 }, (_, i) => (i === 999 ? "<< /Type /Pages /Kids [3 0 R] /Count 1 >>" : `<< /Type /Pages /Kids [${i + 5} 0 R] /Count 1 >>`)))),
    outcome: MALFORMED,
  },
  { name: "a page tree with /Count 2^31", models: "an absurd page count (kyso descends by /Count but never loops over it)", bytes: text(() => withPageTree("<< /Type /Pages /Kids [3 0 R] /Count 2147483648 >>")), outcome: "signed" },
  { name: "a page tree without pages", models: "an empty document: nothing to put the signature widget on", bytes: text(() => withPageTree("<< /Type /Pages /Kids [] /Count 0 >>")), outcome: MALFORMED },
  { name: "a catalog without /Pages", models: "a required entry missing", bytes: text(() => withCatalog("<< /Type /Catalog >>")), outcome: MALFORMED },
  { name: "/Kids that is not an array", models: "a wrong type where an array belongs", bytes: text(() => withPageTree("<< /Type /Pages /Kids 3 0 R /Count 1 >>")), outcome: MALFORMED },
];
