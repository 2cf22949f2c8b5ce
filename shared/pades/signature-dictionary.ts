import { PdfDict, PdfName, PdfString } from "../pdf/objects.js";
import { PdfPlaceholder, WritableDict, latin1, textString, type WritableValue } from "../pdf/write/pdf-serializer.js";
import { pdfDateVietnam } from "./pdf-date.js";

export const BYTE_RANGE_PLACEHOLDER = "byteRange";
export const CONTENTS_PLACEHOLDER = "contents";
/** Digits per /ByteRange number: up to 10^13 − 1 bytes, far beyond 10 GB files. */
const BYTE_RANGE_DIGITS = 13;

export interface SignatureDictionaryOptions {
  contentsSizeBytes: number;
  signingTime: Date;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** A certification signature's DocMDP permission (ISO 32000-1 §12.8.2.2). */
  docMdpPermission?: 1 | 2 | 3;
}

/**
 * The signature dictionary (ISO 32000-1 §12.8.1 Table 252) for PAdES (ETSI EN 319 142-1
 * §5.3): SubFilter ETSI.CAdES.detached, claimed signing time in /M, and placeholders for
 * /ByteRange and /Contents that are filled once the update's layout is known.
 */
export function signatureDictionary(options: SignatureDictionaryOptions): WritableDict {
  const entries = new Map<string, WritableValue>([
    ["Type", PdfName.of("Sig")],
    ["Filter", PdfName.of("Adobe.PPKLite")],
    ["SubFilter", PdfName.of("ETSI.CAdES.detached")],
    ["ByteRange", new PdfPlaceholder(BYTE_RANGE_PLACEHOLDER, byteRangeText([0, 0, 0, 0]))],
    ["Contents", new PdfPlaceholder(CONTENTS_PLACEHOLDER, `<${"0".repeat(options.contentsSizeBytes * 2)}>`)],
    ["M", new PdfString(latin1(pdfDateVietnam(options.signingTime)))],
  ]);
  if (options.docMdpPermission !== undefined) {
    // §12.8.1 Table 253: a signature reference dictionary with the DocMDP transform method.
    const transformParams = new PdfDict([["Type", PdfName.of("TransformParams")], ["P", options.docMdpPermission], ["V", PdfName.of("1.2")]]);
    entries.set("Reference", [new PdfDict([["Type", PdfName.of("SigRef")], ["TransformMethod", PdfName.of("DocMDP")], ["TransformParams", transformParams]])]);
  }
  if (options.reason) entries.set("Reason", textString(options.reason));
  if (options.location) entries.set("Location", textString(options.location));
  if (options.contactInfo) entries.set("ContactInfo", textString(options.contactInfo));
  return new WritableDict(entries);
}

/**
 * A document timestamp dictionary (ETSI EN 319 142-1 §5.4.3, ISO 32000-2 §12.8.5): /Type
 * /DocTimeStamp, /SubFilter /ETSI.RFC3161, /Contents an RFC 3161 TimeStampToken over the
 * ByteRange. No /M: the token's genTime is the time.
 */
export function documentTimestampDictionary(options: { contentsSizeBytes: number }): WritableDict {
  return new WritableDict(new Map<string, WritableValue>([
    ["Type", PdfName.of("DocTimeStamp")],
    ["Filter", PdfName.of("Adobe.PPKLite")],
    ["SubFilter", PdfName.of("ETSI.RFC3161")],
    ["ByteRange", new PdfPlaceholder(BYTE_RANGE_PLACEHOLDER, byteRangeText([0, 0, 0, 0]))],
    ["Contents", new PdfPlaceholder(CONTENTS_PLACEHOLDER, `<${"0".repeat(options.contentsSizeBytes * 2)}>`)],
  ]));
}

/** `[0 a b c]` padded with spaces to the placeholder's fixed width. */
export function byteRangeText(byteRange: readonly [number, number, number, number]): string {
  const width = 3 + 3 * (BYTE_RANGE_DIGITS + 1) + 1;
  const text = `[${byteRange.join(" ")}]`;
  if (byteRange.some((n) => String(n).length > BYTE_RANGE_DIGITS)) throw new Error("file too large for the /ByteRange placeholder");
  return `${text.slice(0, -1)}${" ".repeat(width - text.length)}]`;
}
