import { PdfDict, PdfName, PdfReal, PdfRef, PdfString, type PdfValue } from "../objects.js";
import { EndOfWindow, malformed } from "./pdf-syntax-error.js";

/** Hostile files nest arrays/dictionaries thousands deep to exhaust the stack. */
const MAX_NESTING = 100;
/**
 * Longest name, number or keyword: PDF 1.7 Annex C caps names at 127 bytes. A megabyte-long
 * token is an attack on `String.fromCharCode(...bytes)`, which overflows the stack (RangeError).
 */
const MAX_TOKEN_BYTES = 32 * 1024;
/** §7.5.4: a generation number fits the 5-digit cross-reference field; 65,535 is the largest. */
const MAX_GENERATION = 65_535;

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

export const isWhitespace = (byte: number): boolean => WHITESPACE.has(byte);
const isRegular = (byte: number) => !WHITESPACE.has(byte) && !DELIMITERS.has(byte);
const isDigit = (byte: number) => byte >= 0x30 && byte <= 0x39;

/** Where an indirect object's stream data begins (ISO 32000-1 §7.3.8.1), as parsed. */
export interface ParsedIndirectObject {
  ref: PdfRef;
  value: PdfValue;
  /** For streams: offset in the window of the first data byte. */
  streamDataStart?: number;
}

/**
 * Parses PDF objects from a window of bytes (ISO 32000-1 §7.2–7.3). `windowIsComplete` says
 * whether the window ends where the file ends; otherwise running off its end throws
 * EndOfWindow so that the caller can read more and retry.
 */
export class PdfParser {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    readonly options: { start?: number; windowIsComplete?: boolean; baseOffset?: number } = {},
  ) {
    this.pos = options.start ?? 0;
  }

  private fail(detail: string): never {
    if (this.pos >= this.bytes.length && !this.options.windowIsComplete) throw new EndOfWindow();
    throw malformed(detail, (this.options.baseOffset ?? 0) + this.pos);
  }

  private peek(): number {
    if (this.pos >= this.bytes.length) this.fail("unexpected end of data");
    return this.bytes[this.pos]!;
  }

  skipWhitespaceAndComments(): void {
    while (this.pos < this.bytes.length) {
      const byte = this.bytes[this.pos]!;
      if (WHITESPACE.has(byte)) this.pos += 1;
      else if (byte === 0x25) {
        while (this.pos < this.bytes.length && this.bytes[this.pos] !== 0x0a && this.bytes[this.pos] !== 0x0d) this.pos += 1;
      } else return;
    }
  }

  /** A run of regular characters: a number, keyword or the text of a name. */
  private regularToken(): string {
    const start = this.pos;
    while (this.pos < this.bytes.length && isRegular(this.bytes[this.pos]!)) this.pos += 1;
    if (this.pos >= this.bytes.length && !this.options.windowIsComplete) throw new EndOfWindow();
    if (this.pos - start > MAX_TOKEN_BYTES) {
      this.pos = start;
      this.fail("token longer than 32 KiB");
    }
    return String.fromCharCode(...this.bytes.subarray(start, this.pos));
  }

  /** Reads the next keyword (e.g. `obj`, `endobj`, `stream`, `xref`, `trailer`). */
  keyword(): string {
    this.skipWhitespaceAndComments();
    return this.regularToken();
  }

  expectKeyword(expected: string): void {
    const start = this.pos;
    const found = this.keyword();
    if (found !== expected) {
      this.pos = start;
      this.fail(`expected "${expected}", found "${found.slice(0, 20)}"`);
    }
  }

  /** A non-negative integer, as in xref tables and object headers. */
  integer(): number {
    this.skipWhitespaceAndComments();
    const token = this.regularToken();
    if (!/^\d{1,15}$/.test(token)) this.fail(`expected an integer, found "${token.slice(0, 20)}"`);
    return Number(token);
  }

  value(depth = 0): PdfValue {
    if (depth > MAX_NESTING) this.fail("objects nested too deeply");
    this.skipWhitespaceAndComments();
    const byte = this.peek();
    switch (byte) {
      case 0x5b: // [
        return this.array(depth);
      case 0x3c: // < or <<
        if (this.bytes[this.pos + 1] === 0x3c) return this.dictionary(depth);
        return this.hexString();
      case 0x28: // (
        return this.literalString();
      case 0x2f: // /
        return this.nameObject();
      default:
        return this.numberRefOrKeyword();
    }
  }

  private array(depth: number): PdfValue[] {
    this.pos += 1;
    const items: PdfValue[] = [];
    for (;;) {
      this.skipWhitespaceAndComments();
      if (this.peek() === 0x5d) {
        this.pos += 1;
        return items;
      }
      items.push(this.value(depth + 1));
    }
  }

  dictionary(depth = 0): PdfDict {
    this.pos += 2;
    const dict = new PdfDict();
    for (;;) {
      this.skipWhitespaceAndComments();
      const byte = this.peek();
      if (byte === 0x3e) {
        if (this.bytes[this.pos + 1] !== 0x3e) this.fail("expected >>");
        this.pos += 2;
        return dict;
      }
      if (byte !== 0x2f) this.fail("dictionary key is not a name");
      const key = this.nameObject().value;
      dict.entries.set(key, this.value(depth + 1));
    }
  }

  private nameObject(): PdfName {
    this.pos += 1;
    const raw = this.regularToken();
    // §7.3.5: #xx escapes; names are bytes, kept here as Latin-1 code units.
    return PdfName.of(raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))));
  }

  /**
   * The closing `>` is found first (a native search) and the bytes decoded into one buffer of
   * the right size: a string left open to the end of a large file costs no allocation.
   */
  private hexString(): PdfString {
    this.pos += 1;
    const end = this.bytes.indexOf(0x3e, this.pos);
    if (end < 0) this.unterminated("hex string");
    const bytes = new Uint8Array((end - this.pos + 1) >> 1);
    let digits = 0;
    for (; this.pos < end; this.pos += 1) {
      const byte = this.bytes[this.pos]!;
      if (WHITESPACE.has(byte)) continue;
      const digit = hexDigitValue(byte);
      if (digit < 0) this.fail("bad character in hex string");
      // §7.3.4.3: a missing final digit is 0, which the high nibble alone already gives.
      bytes[digits >> 1] = digits % 2 ? bytes[digits >> 1]! | digit : digit << 4;
      digits += 1;
    }
    this.pos = end + 1;
    const length = (digits + 1) >> 1;
    return new PdfString(length === bytes.length ? bytes : bytes.slice(0, length), "hex");
  }

  /** Decoded in two passes for the same reason as hex strings: find the end, then decode. */
  private literalString(): PdfString {
    this.pos += 1;
    const end = this.literalStringEnd();
    const out = new Uint8Array(end - this.pos);
    let length = 0;
    while (this.pos < end) {
      const byte = this.bytes[this.pos]!;
      this.pos += 1;
      if (byte === 0x5c) length = this.escapeSequence(out, length);
      else out[length++] = byte;
    }
    this.pos = end + 1;
    return new PdfString(length === out.length ? out : out.slice(0, length), "literal");
  }

  /** §7.3.4.2: the `)` that balances the opening one; a backslash escapes the byte after it. */
  private literalStringEnd(): number {
    let depth = 1;
    for (let at = this.pos; at < this.bytes.length; at += 1) {
      const byte = this.bytes[at]!;
      if (byte === 0x5c) at += 1;
      else if (byte === 0x28) depth += 1;
      else if (byte === 0x29 && --depth === 0) return at;
    }
    return this.unterminated("literal string");
  }

  /** A string still open at the end of the bytes: read more, or (at the end of the file) malformed. */
  private unterminated(what: string): never {
    this.pos = this.bytes.length;
    return this.fail(`unterminated ${what}`);
  }

  /** §7.3.4.2 Table 3: the escapes of literal strings; returns the new output length. */
  private escapeSequence(out: Uint8Array, length: number): number {
    const next = this.bytes[this.pos]!;
    this.pos += 1;
    const simple: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
    if (next in simple) out[length++] = simple[next]!;
    else if (next >= 0x30 && next <= 0x37) {
      let code = next - 0x30;
      for (let i = 0; i < 2 && this.pos < this.bytes.length && this.bytes[this.pos]! >= 0x30 && this.bytes[this.pos]! <= 0x37; i += 1) {
        code = code * 8 + (this.bytes[this.pos]! - 0x30);
        this.pos += 1;
      }
      out[length++] = code & 0xff;
    } else if (next === 0x0d) {
      if (this.bytes[this.pos] === 0x0a) this.pos += 1; // line continuation
    } else if (next !== 0x0a) out[length++] = next;
    return length;
  }

  private numberRefOrKeyword(): PdfValue {
    const start = this.pos;
    const token = this.regularToken();
    if (token === "") this.fail(`unexpected character 0x${this.peek().toString(16)}`);
    if (token === "true") return true;
    if (token === "false") return false;
    if (token === "null") return null;
    if (/^\d+$/.test(token)) {
      const ref = this.tryReference(Number(token));
      if (ref) return ref;
      return Number(token);
    }
    if (/^[+-]?\d+$/.test(token)) return Number(token);
    if (/^[+-]?(\d+\.\d*|\.\d+|\d+\.)$/.test(token)) return new PdfReal(token);
    this.pos = start;
    return this.fail(`unexpected token "${token.slice(0, 20)}"`);
  }

  /** After an integer: `G R` makes it a reference (§7.3.10); otherwise rewind. */
  private tryReference(objectNumber: number): PdfRef | undefined {
    const afterNumber = this.pos;
    this.skipWhitespaceAndComments();
    if (this.pos < this.bytes.length && isDigit(this.bytes[this.pos]!)) {
      const generation = this.regularToken();
      this.skipWhitespaceAndComments();
      if (/^\d{1,5}$/.test(generation) && Number(generation) <= MAX_GENERATION && this.bytes[this.pos] === 0x52 && (this.pos + 1 >= this.bytes.length || !isRegular(this.bytes[this.pos + 1]!))) {
        this.pos += 1;
        return new PdfRef(objectNumber, Number(generation));
      }
    }
    this.pos = afterNumber;
    return undefined;
  }

  /**
   * `N G obj <value> [stream…] endobj`. For a stream, stops after the EOL that follows the
   * `stream` keyword (§7.3.8.1) and reports where the data starts; the caller knows /Length.
   */
  indirectObject(): ParsedIndirectObject {
    const objectNumber = this.integer();
    const generation = this.integer();
    if (generation > MAX_GENERATION) this.fail(`generation number ${generation} beyond ${MAX_GENERATION}`);
    this.expectKeyword("obj");
    const value = this.value();
    const ref = new PdfRef(objectNumber, generation);
    this.skipWhitespaceAndComments();
    const afterValue = this.pos;
    const next = this.regularToken();
    if (next === "stream" && value instanceof PdfDict) {
      if (this.bytes[this.pos] === 0x0d) this.pos += 1;
      if (this.bytes[this.pos] === 0x0a) this.pos += 1;
      return { ref, value, streamDataStart: this.pos };
    }
    this.pos = afterValue;
    return { ref, value };
  }
}

/**
 * §7.3.8.1: the data is followed by an optional end-of-line and `endstream`. When it is not,
 * /Length is wrong; other readers then search for `endstream` and may disagree on the data.
 * Callers read this many bytes after the data and ask.
 */
export const ENDSTREAM_LOOKAHEAD_BYTES = 64;

export function startsWithEndstream(bytes: Uint8Array): boolean {
  let at = 0;
  while (at < bytes.length && WHITESPACE.has(bytes[at]!)) at += 1;
  return String.fromCharCode(...bytes.subarray(at, at + 9)) === "endstream";
}

function hexDigitValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}
