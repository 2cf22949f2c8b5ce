import type { HashAlgorithm } from "../../cms/algorithms.js";
import { concatBytes } from "../../cms/der.js";
import { KysoError } from "../../protocol/kyso-error.js";
import { appendedByteSource, type ByteSource } from "../../pdf/byte-source.js";
import { PdfDocumentReader } from "../../pdf/read/pdf-document-reader.js";
import { writeIncrementalUpdate } from "../../pdf/write/incremental-update.js";
import { nobleHasherFactory, type HasherFactory } from "../../cms/incremental-hasher.js";
import type { TimestampTransport } from "../timestamp-transport.js";
import { addDocumentTimestamp } from "./document-timestamp.js";
import { planDssUpdate } from "./dss-plan.js";
import { readEmbeddedSignatures } from "./embedded-signatures.js";
import { ValidationMaterialCollector } from "./validation-material.js";
import type { ValidationDataTransport } from "./validation-data-transport.js";

export type LongTermLevel = "B-LT" | "B-LTA";

export interface ExtendPdfOptions {
  /** The document as it stands (signed); never modified. */
  source: ByteSource;
  level: LongTermLevel;
  validationData: ValidationDataTransport;
  /** Needed for B-LTA, and for B-LT when a signature has no timestamp yet. */
  timestamp?: TimestampTransport;
  /** Hash of document timestamps (default SHA-256). */
  hash?: HashAlgorithm;
  createHasher?: HasherFactory;
  /** When CRL freshness is judged (default: now). */
  now?: Date;
  /** An encrypted document's user or owner password (ISO 32000-2 §7.6.4). */
  password?: string;
}

export interface ExtendedPdf {
  /** Append to the source to get the extended document: one or more incremental updates. */
  update: Uint8Array;
  /** Revisions added, in order. */
  added: Array<"document-timestamp" | "dss">;
  signatureCount: number;
}

/**
 * Raises a signed document to PAdES B-LT or B-LTA (ETSI EN 319 142-1 §6.3), each step an
 * incremental update so that every earlier signature stays intact:
 * 1. a signature without a signature timestamp and no document timestamp after it gets one
 *    (B-LT builds on B-T; a document timestamp gives T, §5.4.3);
 * 2. a DSS with the certificates and revocation data of every signature and timestamp;
 * 3. for B-LTA, a document timestamp over all of it.
 */
export async function extendPdf(options: ExtendPdfOptions): Promise<ExtendedPdf> {
  const digest = { hash: options.hash ?? "SHA-256", createHasher: options.createHasher ?? nobleHasherFactory } as const;
  const opening = options.password === undefined ? {} : { password: options.password };
  const updates: Uint8Array[] = [];
  const added: ExtendedPdf["added"] = [];
  let source = options.source;
  // The document as it stands, parsed once per revision and only when something reads it.
  let opened: Promise<PdfDocumentReader> | undefined;
  const current = () => (opened ??= PdfDocumentReader.open(source, opening));
  const advance = (update: Uint8Array, what: ExtendedPdf["added"][number]) => {
    updates.push(update);
    added.push(what);
    source = appendedByteSource(source, update);
    opened = undefined;
  };

  let signatures = await readEmbeddedSignatures(await current());
  if (!signatures.some((s) => s.kind === "signature")) throw new KysoError("PDF_NOT_SIGNED");
  const lastDocumentTimestamp = signatures.map((s) => s.kind).lastIndexOf("document-timestamp");
  const untimed = signatures.some((s, index) => s.kind === "signature" && !s.hasSignatureTimestamp && index > lastDocumentTimestamp);
  if (untimed) {
    if (!options.timestamp) throw new KysoError("TIMESTAMP_REQUIRED", "a signature has no timestamp; B-LT needs one (give a TSA)");
    advance((await addDocumentTimestamp({ reader: await current(), timestamp: options.timestamp, digest })).update, "document-timestamp");
    signatures = await readEmbeddedSignatures(await current());
  }
  if (options.level === "B-LTA" && !options.timestamp) throw new KysoError("TIMESTAMP_REQUIRED", "B-LTA ends with a document timestamp (give a TSA)");

  const collector = new ValidationMaterialCollector({ transport: options.validationData, now: options.now ?? new Date() });
  const data = [];
  for (const signature of signatures) data.push(await collector.collect(signature));
  const reader = await current();
  const { bytes } = await writeIncrementalUpdate({ reader, objects: await planDssUpdate({ reader, data }) });
  advance(bytes, "dss");

  if (options.level === "B-LTA" && options.timestamp) {
    advance((await addDocumentTimestamp({ reader: await current(), timestamp: options.timestamp, digest })).update, "document-timestamp");
  }
  return { update: concatBytes(updates), added, signatureCount: signatures.filter((s) => s.kind === "signature").length };
}
