import type { HashAlgorithm } from "../cms/algorithms.js";
import { KysoError } from "../protocol/kyso-error.js";
import type { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";
import { writeIncrementalUpdate, type UpdatedObject } from "../pdf/write/incremental-update.js";
import { latin1 } from "../pdf/write/pdf-serializer.js";
import { digestSignedBytes } from "./byte-range-digest.js";
import type { HasherFactory, IncrementalHasher } from "../cms/incremental-hasher.js";
import { BYTE_RANGE_PLACEHOLDER, CONTENTS_PLACEHOLDER, byteRangeText } from "./signature-dictionary.js";

export interface ByteRangeUpdate {
  /** Append these bytes to the unchanged original to get the signed file. */
  update: Uint8Array;
  byteRange: [number, number, number, number];
  /** The DER written into /Contents (before its zero padding). */
  contentsDer: Uint8Array;
}

/**
 * The stage every signature and document timestamp shares (ISO 32000-1 §12.8.1): lay out the
 * update with its /ByteRange and /Contents placeholders, fix the ByteRange, digest everything
 * but the /Contents hex string (streamed), let the caller turn the digest into DER (a CMS
 * signature or an RFC 3161 token), and write it in. Too big for the placeholder is an error,
 * never a broken file.
 */
export async function writeByteRangeUpdate(options: {
  reader: PdfDocumentReader;
  objects: UpdatedObject[];
  digest: { hash: HashAlgorithm; createHasher: HasherFactory; onSourceHashed?: (state: IncrementalHasher) => void };
  contentsFor: (byteRangeDigest: Uint8Array) => Promise<Uint8Array>;
}): Promise<ByteRangeUpdate> {
  const { reader } = options;
  const { bytes, placeholders } = await writeIncrementalUpdate({ reader, objects: options.objects });
  const update = new Uint8Array(bytes);
  const contents = placeholders.get(CONTENTS_PLACEHOLDER);
  const byteRangeSlot = placeholders.get(BYTE_RANGE_PLACEHOLDER);
  if (!contents || !byteRangeSlot) throw new KysoError("INTERNAL_ERROR", "the update has no /Contents or /ByteRange placeholder");

  const originalSize = reader.source.size;
  const byteRange: [number, number, number, number] = [0, originalSize + contents.start, originalSize + contents.end, update.length - contents.end];
  update.set(latin1(byteRangeText(byteRange)), byteRangeSlot.start);

  const byteRangeDigest = await digestSignedBytes({
    source: reader.source,
    update,
    contentsInUpdate: contents,
    hash: options.digest.hash,
    createHasher: options.digest.createHasher,
    ...(options.digest.onSourceHashed ? { onSourceHashed: options.digest.onSourceHashed } : {}),
  });
  const contentsDer = await options.contentsFor(byteRangeDigest);
  embedContents(update, contents, contentsDer);
  return { update, byteRange, contentsDer };
}

/** Writes the DER as hex into `<000…>`, zero-padded. */
function embedContents(update: Uint8Array, slot: { start: number; end: number }, der: Uint8Array): void {
  const capacity = (slot.end - slot.start - 2) / 2;
  if (der.length > capacity) throw new KysoError("SIGNATURE_PLACEHOLDER_TOO_SMALL", `${der.length} > ${capacity} bytes`);
  const hex = Array.from(der, (b) => b.toString(16).padStart(2, "0")).join("");
  update.set(latin1(hex), slot.start + 1);
}
