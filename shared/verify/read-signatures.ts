import { PdfString } from "../pdf/objects.js";
import type { FormField } from "../pdf/read/form-fields.js";
import type { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";
import { checkGap, locateContents, readByteRange, type SignedRanges } from "./byte-range.js";
import { signatureFieldValues, type SignatureFieldValue } from "./signature-fields.js";
import { readSignerCms, type DigestName, type SignerCms } from "../cms/signer-cms.js";
import { readTimestampToken, type TimestampToken } from "./timestamp-token.js";
import type { IntegrityProblem } from "./verification-result.js";

/** A signature or document timestamp as read from the file, before anything is computed over it. */
export interface ReadSignature {
  field: SignatureFieldValue;
  ranges?: SignedRanges;
  /** The first structural problem found (ByteRange, /Contents placement, CMS). */
  problem?: IntegrityProblem;
  /** For a signature: its CMS. For a document timestamp: the token's CMS. */
  cms?: SignerCms;
  /** For a document timestamp: the token. */
  documentTimestamp?: TimestampToken;
  /** The digest the ByteRange must be hashed with. */
  hash?: DigestName;
}

/** Reads the ByteRange, /Contents placement and CMS of every signature field among `fields` (ISO 32000-2 §12.8.1). */
export async function readSignatures(reader: PdfDocumentReader, fields: FormField[]): Promise<ReadSignature[]> {
  const read: ReadSignature[] = [];
  for (const field of await signatureFieldValues(reader, fields)) {
    const ranges = readByteRange(field.signature.get("ByteRange"), reader.source.size);
    const contents = field.signature.get("Contents");
    if (typeof ranges === "string") {
      read.push({ field, problem: ranges });
      continue;
    }
    if (!(contents instanceof PdfString) || contents.bytes.length === 0) {
      read.push({ field, ranges, problem: "contents-missing" });
      continue;
    }
    const gapProblem = checkGap(ranges, await locateContents(reader, field.signatureRef).catch(() => undefined));
    if (gapProblem) {
      // Still named by its certificate: the report says whose signature is broken.
      const cms = field.kind === "signature" ? readSignerCms(contents.bytes) : undefined;
      read.push({ field, ranges, problem: gapProblem, ...(cms ? { cms } : {}) });
      continue;
    }
    if (field.kind === "document-timestamp") {
      const token = readTimestampToken(contents.bytes);
      read.push(token ? { field, ranges, cms: token.cms, documentTimestamp: token, hash: token.imprintHash } : { field, ranges, problem: "cms-unreadable" });
      continue;
    }
    const cms = readSignerCms(contents.bytes);
    if (!cms?.digest) read.push({ field, ranges, problem: "cms-unreadable" });
    else read.push({ field, ranges, cms, hash: cms.digest });
  }
  // In signing order (the field tree's order is the form's, not the file's): unreadable ranges last.
  return read.sort((a, b) => (a.ranges?.end ?? Infinity) - (b.ranges?.end ?? Infinity));
}
