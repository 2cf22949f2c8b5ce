import type { ObjectCrypt } from "../crypt/object-crypt.js";
import { isSignatureDictionary } from "../crypt/object-crypt.js";
import { PdfDict, PdfNewStream, PdfRef, PdfStream, PdfString, numberValue, type PdfValue } from "../objects.js";
import { PdfParser } from "../read/parser.js";
import { malformed } from "../read/pdf-syntax-error.js";
import { PdfPlaceholder, PdfRawBytes, WritableDict, type WritableValue } from "./pdf-serializer.js";

/**
 * An object of an incremental update to an encrypted file, with its strings and stream data
 * encrypted under its own object key (ISO 32000-2 §7.6.2), as every reader will decrypt them.
 * Left as they are, per §7.6.2 or by construction:
 * - placeholders: the signature's /ByteRange (numbers) and /Contents, which §7.6.2 exempts
 *   from encryption — which is what lets the CMS be embedded after the digest;
 * - /Contents of any signature dictionary;
 * - the cross-reference stream, which the update writer does not pass through here.
 */
export function encryptNewObject(options: { crypt: ObjectCrypt; ref: PdfRef; value: WritableValue }): WritableValue {
  return new ObjectEncryption(options.crypt, options.ref).writable(options.value);
}

class ObjectEncryption {
  constructor(
    private readonly crypt: ObjectCrypt,
    private readonly ref: PdfRef,
  ) {}

  writable(value: WritableValue): WritableValue {
    if (value instanceof PdfPlaceholder) return value;
    if (value instanceof PdfRawBytes) return this.value(parseRawObject(value.bytes));
    if (value instanceof WritableDict) return new WritableDict(this.entries(value.entries, (item) => this.writable(item)));
    if (Array.isArray(value)) return value.map((item) => this.writable(item));
    return this.value(value);
  }

  value(value: PdfValue): PdfValue {
    // Hex: ciphertext is binary, and hex keeps it clear of any literal-string escaping question.
    if (value instanceof PdfString) return new PdfString(this.crypt.encryptString(this.ref, value.bytes), "hex");
    if (Array.isArray(value)) return value.map((item) => this.value(item));
    if (value instanceof PdfDict) return new PdfDict(this.entries(value.entries, (item) => this.value(item)));
    if (value instanceof PdfNewStream) {
      const dict = new PdfDict(this.entries(value.dict.entries, (item) => this.value(item)));
      return new PdfNewStream(dict, this.crypt.encryptStream(this.ref, value.dict, value.data));
    }
    if (value instanceof PdfStream) throw new Error("a stream read from the file cannot be rewritten inline; reference it instead");
    return value;
  }

  private entries<T extends WritableValue>(entries: Map<string, T>, encrypt: (item: T) => T): Map<string, T> {
    const signature = isSignatureDictionary(entries);
    return new Map([...entries].map(([key, item]) => [key, signature && key === "Contents" ? item : encrypt(item)]));
  }
}

/**
 * An object serialised by pdf-lib (a visible signature's appearance), parsed back so that
 * its strings and stream data can be encrypted: pdf-lib writes them in clear, and writes a
 * direct /Length (§7.3.8.2) for every stream.
 */
function parseRawObject(bytes: Uint8Array): PdfValue {
  const parser = new PdfParser(bytes, { windowIsComplete: true });
  const value = parser.value();
  parser.skipWhitespaceAndComments();
  if (parser.pos >= bytes.length) return value;
  if (parser.keyword() !== "stream" || !(value instanceof PdfDict)) throw malformed("an appearance object has trailing data");
  // §7.3.8.1: the keyword is followed by CRLF or LF, then the data.
  if (bytes[parser.pos] === 0x0d) parser.pos += 1;
  if (bytes[parser.pos] === 0x0a) parser.pos += 1;
  const length = numberValue(value.get("Length"));
  if (length === undefined || parser.pos + length > bytes.length) throw malformed("an appearance stream has no direct /Length");
  return new PdfNewStream(value.with({ Length: undefined }), bytes.slice(parser.pos, parser.pos + length));
}
