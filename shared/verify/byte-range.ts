import { PdfName, PdfRef, numberValue, type PdfValue } from "../pdf/objects.js";
import type { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";
import { parseAt } from "../pdf/read/windowed-parse.js";

/** The two signed pieces of a signature: `[0, gapStart)` and `[gapEnd, end)` (ISO 32000-2 §12.8.1 ByteRange). */
export interface SignedRanges {
  gapStart: number;
  gapEnd: number;
  /** Where the signed bytes end: a revision end for a well-formed signature. */
  end: number;
}

/** Why a ByteRange or /Contents is not what a signature must be; `undefined` means well-formed. */
export type ByteRangeProblem =
  | "byte-range-missing"
  | "byte-range-malformed"
  | "contents-missing"
  | "contents-not-in-gap"
  | "contents-not-in-file";

/**
 * Reads /ByteRange as the four non-negative integers [0 b c l] with b < c ≤ c + l ≤ file size.
 * Anything else — a null or missing /ByteRange (universal signature forgery, USF), more than
 * two ranges, a range not starting at 0, overlapping or reversed ranges — is refused: a
 * signature whose ByteRange leaves out more than its own /Contents signs nothing a reader sees.
 */
export function readByteRange(value: PdfValue | undefined, fileSize: number): SignedRanges | "byte-range-missing" | "byte-range-malformed" {
  if (value === undefined || value === null) return "byte-range-missing";
  if (!Array.isArray(value)) return "byte-range-malformed";
  const numbers = value.map((item) => numberValue(item));
  if (numbers.length !== 4 || !numbers.every((n): n is number => n !== undefined && Number.isSafeInteger(n) && n >= 0)) return "byte-range-malformed";
  const [start, firstLength, gapEnd, secondLength] = numbers as [number, number, number, number];
  if (start !== 0 || firstLength === 0 || gapEnd <= firstLength || gapEnd + secondLength > fileSize) return "byte-range-malformed";
  return { gapStart: firstLength, gapEnd, end: gapEnd + secondLength };
}

/** Where the signature dictionary's /Contents value is written in the file. */
export interface ContentsLocation {
  objectOffset: number;
  contentsStart: number;
  contentsEnd: number;
  /** The value was written as a hex string `<…>` (§12.8.1: /Contents is a hex string). */
  isHex: boolean;
}

/**
 * Finds the /Contents value of the signature dictionary object as it is written in the file,
 * by re-reading the dictionary token by token. The gap of the ByteRange must be exactly this
 * value: signature wrapping attacks (SWA) point the ByteRange at another hex string (the
 * original /Contents moved elsewhere) while a new, unsigned dictionary is what readers show.
 * A signature dictionary in an object stream cannot have a gap at all.
 */
export async function locateContents(reader: PdfDocumentReader, signatureRef: PdfRef | undefined): Promise<ContentsLocation | undefined> {
  if (!signatureRef) return undefined;
  const entry = reader.entries.get(signatureRef.objectNumber);
  if (entry?.kind !== "in-file") return undefined;
  const objectOffset = entry.offset + reader.offsetShift;
  return parseAt(reader.source, objectOffset, (parser) => {
    parser.integer();
    parser.integer();
    parser.expectKeyword("obj");
    parser.skipWhitespaceAndComments();
    if (parser.bytes[parser.pos] !== 0x3c || parser.bytes[parser.pos + 1] !== 0x3c) return undefined;
    parser.pos += 2;
    const base = objectOffset;
    let found: ContentsLocation | undefined;
    for (;;) {
      parser.skipWhitespaceAndComments();
      if (parser.bytes[parser.pos] === 0x3e && parser.bytes[parser.pos + 1] === 0x3e) return found;
      const key = parser.value();
      parser.skipWhitespaceAndComments();
      const valueStart = parser.pos;
      const isHex = parser.bytes[valueStart] === 0x3c && parser.bytes[valueStart + 1] !== 0x3c;
      parser.value();
      // A duplicated /Contents key: the dictionary is ambiguous, readers differ on which counts.
      if (key === PdfName.of("Contents")) {
        if (found) return undefined;
        found = { objectOffset, contentsStart: base + valueStart, contentsEnd: base + parser.pos, isHex };
      }
    }
  });
}

/**
 * §12.8.1: the ByteRange shall cover the entire file including the signature dictionary but
 * excluding the /Contents value — so the gap is exactly that value, `<` and `>` included,
 * inside the dictionary object, and the dictionary itself is signed.
 */
export function checkGap(ranges: SignedRanges, contents: ContentsLocation | undefined): ByteRangeProblem | undefined {
  if (!contents) return "contents-not-in-file";
  if (!contents.isHex) return "contents-not-in-gap";
  if (contents.contentsStart !== ranges.gapStart || contents.contentsEnd !== ranges.gapEnd) return "contents-not-in-gap";
  if (contents.objectOffset >= ranges.gapStart) return "contents-not-in-gap";
  return undefined;
}
