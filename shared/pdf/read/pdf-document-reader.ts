import type { ByteSource } from "../byte-source.js";
import { PdfDict, PdfName, PdfRef, PdfStream, numberValue, type PdfValue } from "../objects.js";
import { KysoError } from "../../protocol/kyso-error.js";
import { openDocumentSecurity, type DocumentSecurity } from "../crypt/document-security.js";
import { ENDSTREAM_LOOKAHEAD_BYTES, PdfParser, startsWithEndstream } from "./parser.js";
import { malformed } from "./pdf-syntax-error.js";
import { decodeStreamData } from "./stream-decoding.js";
import { parseAt } from "./windowed-parse.js";
import type { XrefEntry, XrefSection } from "./xref-entry.js";
import { MAX_OBJECT_NUMBER, readXrefChain } from "./xref-reader.js";

/** How far from the end `startxref` is looked for: files with junk after %%EOF exist. */
const TAIL_SEARCH_BYTES = 64 * 1024;
/** ISO 32000-1 §7.5.2 puts %PDF- at 0; Acrobat accepts it within the first 1024 bytes. */
const HEADER_SEARCH_BYTES = 1024;

interface ObjectStreamContents {
  parser: PdfParser;
  /** Byte offsets of each contained object within the decoded data. */
  offsets: Array<{ objectNumber: number; offset: number }>;
}

/**
 * Read access to a PDF through its cross-reference chain: only the objects asked for are
 * read and parsed, so a 10 GB file costs no more memory than a 10 KB one.
 */
export class PdfDocumentReader {
  private readonly objectCache = new Map<number, PdfValue>();
  private readonly objectStreamCache = new Map<number, Promise<ObjectStreamContents>>();
  /** Which indirect object each stream is: its data is decrypted with that object's key. */
  private readonly streamRefs = new WeakMap<PdfStream, PdfRef>();
  /** Set when the file is encrypted (§7.6): strings and streams are decrypted as they are read. */
  private documentSecurity: DocumentSecurity | undefined;

  readonly source: ByteSource;
  /** Newest first. */
  readonly sections: XrefSection[];
  /** Added to every offset written in the file (junk before %PDF, §7.5.2 note). */
  readonly offsetShift: number;
  readonly entries: Map<number, XrefEntry>;
  /** One more than the highest object number in use (trailer /Size, checked against entries). */
  readonly size: number;

  private constructor(parts: { source: ByteSource; sections: XrefSection[]; offsetShift: number; entries: Map<number, XrefEntry> }) {
    this.source = parts.source;
    this.sections = parts.sections;
    this.offsetShift = parts.offsetShift;
    this.entries = parts.entries;
    let highest = 0;
    for (const objectNumber of parts.entries.keys()) highest = Math.max(highest, objectNumber);
    const declaredSize = numberValue(this.trailer.get("Size"));
    // New objects are numbered from /Size on: a fractional or absurd one would be written into the update.
    if (declaredSize !== undefined && (!Number.isSafeInteger(declaredSize) || declaredSize > MAX_OBJECT_NUMBER + 1)) throw malformed("trailer /Size is not a plausible object count");
    this.size = Math.max(declaredSize ?? 0, highest + 1);
  }

  /** `password`: the user or owner password of an encrypted file; without it the empty one is tried. */
  static async open(source: ByteSource, options: { password?: string } = {}): Promise<PdfDocumentReader> {
    if (source.size < 16) throw malformed("file too small to be a PDF");
    const head = await source.read(0, HEADER_SEARCH_BYTES);
    const headerOffset = indexOf(head, "%PDF-");
    if (headerOffset < 0) throw malformed("no %PDF- header: not a PDF file");
    const startxref = await findStartxref(source);
    let sections: XrefSection[];
    let offsetShift = 0;
    try {
      sections = await readXrefChain({ source, startxref, offsetShift: 0 });
    } catch (error) {
      if (headerOffset === 0 || !(error instanceof KysoError)) throw error;
      offsetShift = headerOffset;
      sections = await readXrefChain({ source, startxref, offsetShift });
    }
    // One section (most files) is used as it is: copying a map of millions of entries costs seconds.
    let entries = sections[0]!.entries;
    if (sections.length > 1) {
      entries = new Map<number, XrefEntry>();
      for (const section of sections) for (const [objectNumber, entry] of section.entries) if (!entries.has(objectNumber)) entries.set(objectNumber, entry);
    }
    const reader = new PdfDocumentReader({ source, sections, offsetShift, entries });
    await reader.openSecurity(options.password);
    return reader;
  }

  get security(): DocumentSecurity | undefined {
    return this.documentSecurity;
  }

  /**
   * §7.6.1: a trailer /Encrypt makes every string and stream of an indirect object encrypted,
   * except in the encryption dictionary itself (§7.6.2): it is read — and cached — before the
   * handler is set up, so it is never decrypted.
   */
  private async openSecurity(password: string | undefined): Promise<void> {
    const encryptValue = this.trailer.get("Encrypt");
    if (encryptValue === undefined) return;
    const encrypt = await this.resolveDict(encryptValue);
    if (!encrypt) throw malformed("trailer /Encrypt is not a dictionary");
    this.documentSecurity = openDocumentSecurity({ encrypt, trailerId: this.trailer.get("ID"), password });
  }

  /** The newest trailer (for an xref stream, its dictionary). */
  get trailer(): PdfDict {
    return this.sections[0]!.trailer;
  }

  /** The kind of the newest cross-reference section; an update writes the same kind. */
  get xrefKind(): "table" | "stream" {
    return this.sections[0]!.kind;
  }

  /** Offset of the newest section as written in the file: the next /Prev. */
  get lastXrefOffset(): number {
    return this.sections[0]!.offset;
  }

  async resolve(value: PdfValue | undefined): Promise<PdfValue | undefined> {
    return value instanceof PdfRef ? this.getObject(value) : value;
  }

  /** Dereferences `value` expecting a dictionary (a stream's dictionary counts). */
  async resolveDict(value: PdfValue | undefined): Promise<PdfDict | undefined> {
    const resolved = await this.resolve(value);
    if (resolved instanceof PdfStream) return resolved.dict;
    return resolved instanceof PdfDict ? resolved : undefined;
  }

  /** §7.3.10: a reference to a missing or free object is the null object. */
  async getObject(ref: PdfRef): Promise<PdfValue> {
    return this.loadObject(ref, new Set());
  }

  /**
   * `waiting`: the objects whose reading waits on this one. Meeting one of them again is a
   * cycle — a stream whose indirect /Length is itself, another stream pointing back, or an
   * object inside the object stream being loaded — that would recurse or await itself forever.
   */
  private async loadObject(ref: PdfRef, waiting: ReadonlySet<number>): Promise<PdfValue> {
    const cached = this.objectCache.get(ref.objectNumber);
    if (cached !== undefined) return cached;
    if (waiting.has(ref.objectNumber)) throw malformed(`object ${ref.objectNumber} depends on itself (through /Length or its object stream)`);
    const entry = this.entries.get(ref.objectNumber);
    let value: PdfValue = null;
    if (entry?.kind === "in-file") value = await this.readInFileObject(ref, entry.offset, waiting);
    else if (entry?.kind === "in-object-stream") value = await this.readCompressedObject(ref.objectNumber, entry, waiting);
    this.objectCache.set(ref.objectNumber, value);
    return value;
  }

  async readStreamData(stream: PdfStream, options: { decode: boolean }): Promise<Uint8Array> {
    let raw = await this.source.read(stream.dataOffset, stream.dataLength);
    const ref = this.streamRefs.get(stream);
    if (this.documentSecurity && ref) raw = this.documentSecurity.crypt.decryptStream(ref, stream.dict, raw);
    return options.decode ? decodeStreamData(stream.dict, raw) : raw;
  }

  private async readInFileObject(ref: PdfRef, writtenOffset: number, waiting: ReadonlySet<number>): Promise<PdfValue> {
    const at = writtenOffset + this.offsetShift;
    const parsed = await parseAt(this.source, at, (parser) => parser.indirectObject());
    if (parsed.ref.objectNumber !== ref.objectNumber) throw malformed(`cross-reference entry of object ${ref.objectNumber} points at object ${parsed.ref.objectNumber}`, at);
    // §7.6.2: cross-reference streams, whose dictionary holds the trailer's /ID, are not encrypted.
    const security = this.documentSecurity;
    if (security && !(parsed.value instanceof PdfDict && parsed.value.get("Type") === PdfName.of("XRef"))) parsed.value = security.crypt.decryptStrings(parsed.ref, parsed.value);
    if (parsed.streamDataStart === undefined || !(parsed.value instanceof PdfDict)) return parsed.value;
    const dataOffset = at + parsed.streamDataStart;
    const lengthValue = parsed.value.get("Length");
    // An indirect /Length is legal (§7.3.8.2); reading it waits on this stream.
    const length = lengthValue instanceof PdfRef ? numberValue(await this.loadObject(lengthValue, new Set(waiting).add(ref.objectNumber))) : numberValue(lengthValue);
    if (length === undefined || !Number.isSafeInteger(length) || length < 0 || dataOffset + length > this.source.size) throw malformed(`bad /Length of stream object ${ref.objectNumber}`, at);
    // A wrong /Length is damage, not something to guess around: readers that search for `endstream` could see other data.
    if (!startsWithEndstream(await this.source.read(dataOffset + length, ENDSTREAM_LOOKAHEAD_BYTES))) throw malformed(`stream object ${ref.objectNumber} does not end where its /Length says`, at);
    const stream = new PdfStream(parsed.value, dataOffset, length);
    this.streamRefs.set(stream, parsed.ref);
    return stream;
  }

  private async readCompressedObject(objectNumber: number, entry: Extract<XrefEntry, { kind: "in-object-stream" }>, waiting: ReadonlySet<number>): Promise<PdfValue> {
    const contents = await this.objectStream(entry.streamObjectNumber, waiting);
    const slot = contents.offsets[entry.index];
    if (slot?.objectNumber !== objectNumber) throw malformed(`object ${objectNumber} is not at index ${entry.index} of object stream ${entry.streamObjectNumber}`);
    contents.parser.pos = slot.offset;
    return contents.parser.value();
  }

  /** §7.5.7: an object stream — N pairs `objnum offset`, objects from /First. */
  private objectStream(streamObjectNumber: number, waiting: ReadonlySet<number>): Promise<ObjectStreamContents> {
    // Loading this stream waits on the caller (its /Length is inside it): the pending load would await itself.
    if (waiting.has(streamObjectNumber)) return Promise.reject(malformed(`object stream ${streamObjectNumber} depends on an object inside it`));
    let pending = this.objectStreamCache.get(streamObjectNumber);
    if (!pending) {
      pending = this.loadObjectStream(streamObjectNumber, waiting);
      this.objectStreamCache.set(streamObjectNumber, pending);
    }
    return pending;
  }

  private async loadObjectStream(streamObjectNumber: number, waiting: ReadonlySet<number>): Promise<ObjectStreamContents> {
    if (this.entries.get(streamObjectNumber)?.kind !== "in-file") throw malformed(`object stream ${streamObjectNumber} is not stored in the file`);
    const stream = await this.loadObject(new PdfRef(streamObjectNumber, 0), waiting);
    if (!(stream instanceof PdfStream)) throw malformed(`object ${streamObjectNumber} is not an object stream`);
    const data = await this.readStreamData(stream, { decode: true });
    const count = numberValue(stream.dict.get("N"));
    const first = numberValue(stream.dict.get("First"));
    if (count === undefined || first === undefined || count < 0 || count > MAX_OBJECT_NUMBER || first < 0 || first > data.length) throw malformed(`bad /N or /First in object stream ${streamObjectNumber}`);
    const parser = new PdfParser(data, { windowIsComplete: true });
    const offsets: ObjectStreamContents["offsets"] = [];
    for (let i = 0; i < count; i += 1) offsets.push({ objectNumber: parser.integer(), offset: first + parser.integer() });
    return { parser, offsets };
  }
}

async function findStartxref(source: ByteSource): Promise<number> {
  const tailStart = Math.max(0, source.size - TAIL_SEARCH_BYTES);
  const tail = await source.read(tailStart, source.size - tailStart);
  const at = lastIndexOf(tail, "startxref");
  if (at < 0) throw malformed("no startxref: the file is truncated or not a PDF");
  const parser = new PdfParser(tail, { start: at + "startxref".length, windowIsComplete: true, baseOffset: tailStart });
  const offset = parser.integer();
  if (offset >= source.size) throw malformed("startxref points past the end of the file");
  return offset;
}

export function indexOf(haystack: Uint8Array, needle: string, from = 0): number {
  const first = needle.charCodeAt(0);
  outer: for (let i = haystack.indexOf(first, from); i >= 0 && i <= haystack.length - needle.length; i = haystack.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j += 1) if (haystack[i + j] !== needle.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

function lastIndexOf(haystack: Uint8Array, needle: string): number {
  for (let i = haystack.length - needle.length; i >= 0; i -= 1) {
    let match = true;
    for (let j = 0; j < needle.length && match; j += 1) match = haystack[i + j] === needle.charCodeAt(j);
    if (match) return i;
  }
  return -1;
}
