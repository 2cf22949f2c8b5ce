import { PdfDict, PdfName, PdfNewStream, PdfReal, PdfRef, PdfStream, PdfString, type PdfValue } from "../objects.js";

/** Bytes written verbatim, whose position is remembered (signature placeholders). */
export class PdfPlaceholder {
  constructor(
    readonly id: string,
    readonly text: string,
  ) {}
}

/**
 * An object body already serialised elsewhere (objects built with pdf-lib for a signature
 * appearance), copied verbatim. The caller vouches that it is one complete PDF object
 * (§7.3) whose references point into the same update.
 */
export class PdfRawBytes {
  constructor(readonly bytes: Uint8Array) {}
}

export type WritableValue = PdfValue | PdfPlaceholder | PdfRawBytes | WritableValue[] | WritableDict;
/** A dictionary that may hold placeholders (only ever written, never read). */
export class WritableDict {
  constructor(readonly entries: Map<string, WritableValue>) {}
}

/**
 * Appends PDF syntax to a growing byte buffer (ISO 32000-1 §7.3) and records where
 * placeholders land, so that the signature's /ByteRange and /Contents can be filled in.
 */
export class PdfByteWriter {
  private buffer = new Uint8Array(64 * 1024);
  length = 0;
  readonly placeholders = new Map<string, { start: number; end: number }>();

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  raw(data: Uint8Array | string): void {
    const bytes = typeof data === "string" ? latin1(data) : data;
    if (this.length + bytes.length > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + bytes.length));
      grown.set(this.bytes());
      this.buffer = grown;
    }
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  value(value: WritableValue): void {
    if (value === null) this.raw("null");
    else if (typeof value === "boolean") this.raw(value ? "true" : "false");
    else if (typeof value === "number") this.raw(formatNumber(value));
    else if (value instanceof PdfReal) this.raw(value.text);
    else if (value instanceof PdfName) this.raw(`/${escapeName(value.value)}`);
    else if (value instanceof PdfRef) this.raw(`${value.objectNumber} ${value.generation} R`);
    else if (value instanceof PdfString) this.string(value);
    else if (value instanceof PdfRawBytes) this.raw(value.bytes);
    else if (value instanceof PdfPlaceholder) {
      const start = this.length;
      this.raw(value.text);
      this.placeholders.set(value.id, { start, end: this.length });
    } else if (Array.isArray(value)) {
      this.raw("[");
      value.forEach((item, i) => {
        if (i > 0) this.raw(" ");
        this.value(item);
      });
      this.raw("]");
    } else if (value instanceof PdfDict || value instanceof WritableDict) this.dict(value.entries);
    else if (value instanceof PdfNewStream) {
      this.dict(new Map([...value.dict.entries, ["Length", value.data.length]]));
      this.raw("\nstream\n");
      this.raw(value.data);
      this.raw("\nendstream");
    } else if (value instanceof PdfStream) {
      throw new Error("a stream read from the file cannot be rewritten inline; reference it instead");
    }
  }

  private dict(entries: Map<string, WritableValue>): void {
    this.raw("<<");
    for (const [key, item] of entries) {
      this.raw(`/${escapeName(key)} `);
      this.value(item);
      this.raw("\n");
    }
    this.raw(">>");
  }

  private string(value: PdfString): void {
    if (value.form === "hex") {
      this.raw(`<${Array.from(value.bytes, (b) => b.toString(16).padStart(2, "0")).join("")}>`);
      return;
    }
    let text = "(";
    for (const byte of value.bytes) {
      if (byte === 0x28 || byte === 0x29 || byte === 0x5c) text += `\\${String.fromCharCode(byte)}`;
      else if (byte === 0x0d) text += "\\r";
      else if (byte === 0x0a) text += "\\n";
      else text += String.fromCharCode(byte);
    }
    this.raw(`${text})`);
  }
}

export function latin1(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

/** PDF reals have no exponent form (§7.3.3): fixed notation, trimmed. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a PDF number: ${value}`);
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(4).replace(/\.?0+$/, "");
}

/** §7.3.5: delimiters, whitespace, `#` and bytes outside 0x21–0x7E are written as #xx. */
function escapeName(value: string): string {
  let out = "";
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    out += code < 0x21 || code > 0x7e || "()<>[]{}/%#".includes(value[i]!) ? `#${code.toString(16).padStart(2, "0")}` : value[i]!;
  }
  return out;
}

/**
 * A PDF text string (§7.9.2.2): PDFDocEncoding-compatible ASCII stays as is; anything else
 * (Vietnamese) is UTF-16BE with a byte order mark, which every viewer reads.
 */
export function textString(text: string): PdfString {
  if (/^[\x20-\x7e]*$/.test(text)) return new PdfString(latin1(text));
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes[0] = 0xfe;
  bytes[1] = 0xff;
  for (let i = 0; i < text.length; i += 1) {
    bytes[2 + 2 * i] = text.charCodeAt(i) >> 8;
    bytes[3 + 2 * i] = text.charCodeAt(i) & 0xff;
  }
  return new PdfString(bytes, "hex");
}
