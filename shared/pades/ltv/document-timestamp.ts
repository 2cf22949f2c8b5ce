import type { HashAlgorithm } from "../../cms/algorithms.js";
import { requestTimestampToken } from "../../cms/timestamp.js";
import type { PdfDocumentReader } from "../../pdf/read/pdf-document-reader.js";
import { writeByteRangeUpdate } from "../byte-range-update.js";
import type { HasherFactory } from "../../cms/incremental-hasher.js";
import { documentTimestampDictionary } from "../signature-dictionary.js";
import { planSignatureField } from "../signature-field-plan.js";
import { probeTimestampTokenSize, type TimestampTransport } from "../timestamp-transport.js";

/**
 * Adds a document timestamp (PAdES B-LTA, ETSI EN 319 142-1 §5.4.3 and §6.3): an invisible
 * signature field whose /Contents is an RFC 3161 token over the ByteRange digest of the whole
 * document as it stands, DSS included. Returns the incremental update to append.
 */
export async function addDocumentTimestamp(options: {
  /** The document as it stands, opened (with its password when encrypted: new objects are encrypted like the rest). */
  reader: PdfDocumentReader;
  timestamp: TimestampTransport;
  digest: { hash: HashAlgorithm; createHasher: HasherFactory };
}): Promise<{ update: Uint8Array; fieldName: string }> {
  const { reader } = options;
  const { hash } = options.digest;
  const contentsSizeBytes = await probeTimestampTokenSize({ timestamp: options.timestamp, hash });
  const plan = await planSignatureField({
    reader,
    signatureDictionary: documentTimestampDictionary({ contentsSizeBytes }),
    placement: { pageIndex: 0, rect: [0, 0, 0, 0] },
    purpose: "document-timestamp",
  });
  const { update } = await writeByteRangeUpdate({
    reader,
    objects: plan.objects,
    digest: options.digest,
    contentsFor: (imprint) => requestTimestampToken({ imprint, hash, post: options.timestamp.post }),
  });
  return { update, fieldName: plan.fieldName };
}
