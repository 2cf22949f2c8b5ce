import type { AppearanceOptions, AppearancePlacement } from "../appearance/appearance-options.js";
import type { SignatureAppearanceBuilder } from "../appearance/signature-appearance.js";
import type { CmsSigner } from "../cms/cms-signer.js";
import { addSignatureTimestamp, buildCadesDetachedSignedData } from "../cms/cades-detached.js";
import { requestTimestampToken } from "../cms/timestamp.js";
import { estimateCadesSize } from "../cms/cades-size.js";
import { appendedByteSource, type ByteSource } from "../pdf/byte-source.js";
import { concatBytes } from "../cms/der.js";
import { KysoError } from "../protocol/kyso-error.js";
import { extendPdf, type LongTermLevel } from "./ltv/extend-pdf.js";
import type { ValidationDataTransport } from "./ltv/validation-data-transport.js";
import { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";
import { writeByteRangeUpdate } from "./byte-range-update.js";
import { probeTimestampTokenSize, type TimestampTransport } from "./timestamp-transport.js";
import { certifyPlan } from "./certification.js";
import { nobleHasherFactory, type HasherFactory, type IncrementalHasher } from "../cms/incremental-hasher.js";
import type { HashAlgorithm } from "../cms/algorithms.js";
import { signatureDictionary } from "./signature-dictionary.js";
import { addFieldMdpReference, type FieldLock } from "./field-lock.js";
import { catalogOf } from "../pdf/read/page-tree.js";
import { planSignatureField, type FieldPlacement } from "./signature-field-plan.js";

/** Room left in /Contents beyond the dry run: DER length fields and attribute variance. */
const CONTENTS_MARGIN_BYTES = 1024;

export type PadesLevel = "B-B" | "B-T" | LongTermLevel;

export type { TimestampTransport } from "./timestamp-transport.js";

export interface SignPdfOptions {
  source: ByteSource;
  signer: CmsSigner;
  /** Claimed signing time, written to /M. */
  signingTime: Date;
  /**
   * Page (0-based) and /Rect in default user space. Invisible: page 0 and [0 0 0 0] unless
   * given. Visible: whatever is missing comes from the profile's default (DECREE30.md).
   */
  placement?: AppearancePlacement;
  /** A visible signature following a Decree 30 profile; absent or "invisible": no appearance. */
  appearance?: AppearanceOptions;
  /** Sign this existing empty signature field, or name the new one. */
  fieldName?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  createHasher?: HasherFactory;
  /**
   * The signature's hash state right after the original file's last byte (the ByteRange starts
   * with the whole original), in the signer's hash: a caller that records the file's digest
   * (the CLI's audit log) gets it without reading a large file a second time.
   */
  onOriginalHashed?: (hash: HashAlgorithm, state: IncrementalHasher) => void;
  /** With a TSA: PAdES B-T, a signature timestamp in the CMS (EN 319 142-1 §6.3). */
  timestamp?: TimestampTransport;
  /**
   * PAdES B-LT / B-LTA (ETSI EN 319 142-1 §6.3): after the B-T signature, a DSS with its
   * validation data and, for B-LTA, a document timestamp, each its own incremental update.
   */
  longTerm?: { level: LongTermLevel; validationData: ValidationDataTransport };
  /** FieldMDP: lock these form fields once signed (ISO 32000-2 §12.8.2.4). */
  lock?: FieldLock;
  /** A certification signature with this DocMDP permission (1 no changes, 2 forms + signing, 3 also annotations). */
  certify?: 1 | 2 | 3;
  /** An encrypted PDF's user or owner password (ISO 32000-2 §7.6.4); absent: the empty one is tried. */
  password?: string;
}

export interface SignedPdfUpdate {
  /** Append these bytes to the unchanged original to get the signed file. */
  update: Uint8Array;
  byteRange: [number, number, number, number];
  fieldName: string;
  level: PadesLevel;
}

/**
 * Signs a PDF as PAdES B-B (ETSI EN 319 142-1) with an incremental update. Stages in order:
 * read → plan the objects → lay out the update with placeholders → digest the ByteRange
 * (streamed) → CMS → embed. The original bytes are never changed; the caller appends.
 */
export async function signPdf(options: SignPdfOptions): Promise<SignedPdfUpdate> {
  const reader = await PdfDocumentReader.open(options.source, options.password === undefined ? {} : { password: options.password });
  const timeStampTokenSizeBytes = options.timestamp ? await probeTimestampTokenSize({ timestamp: options.timestamp, hash: options.signer.algorithm.hash }) : undefined;
  const estimate = await estimateCadesSize({ signer: options.signer, ...(timeStampTokenSizeBytes === undefined ? {} : { timeStampTokenSizeBytes }) });
  const contentsSizeBytes = estimate + CONTENTS_MARGIN_BYTES;
  const dictionary = signatureDictionary({
    contentsSizeBytes,
    signingTime: options.signingTime,
    ...pick(options),
    ...(options.certify === undefined ? {} : { docMdpPermission: options.certify }),
  });
  const visible = await visibleAppearance(reader, options);
  const plan = await planSignatureField({
    reader,
    signatureDictionary: dictionary,
    placement: visible?.placement ?? { pageIndex: options.placement?.pageIndex ?? 0, rect: options.placement?.rect ?? [0, 0, 0, 0] },
    ...(options.fieldName === undefined ? {} : { fieldName: options.fieldName }),
    ...(visible ? { appearance: visible.builder } : {}),
    ...(options.lock ? { lock: options.lock } : {}),
  });
  if (plan.lock) addFieldMdpReference(dictionary, { lock: plan.lock, catalogRef: (await catalogOf(reader)).ref });
  if (options.certify !== undefined) await certifyPlan({ reader, plan });
  const signed = await writeByteRangeUpdate({
    reader,
    objects: plan.objects,
    digest: {
      hash: options.signer.algorithm.hash,
      createHasher: options.createHasher ?? nobleHasherFactory,
      ...(options.onOriginalHashed ? { onSourceHashed: (state: IncrementalHasher) => options.onOriginalHashed?.(options.signer.algorithm.hash, state) } : {}),
    },
    contentsFor: (contentDigest) => cadesContents({ contentDigest, signer: options.signer, ...(options.timestamp ? { timestamp: options.timestamp } : {}) }),
  });
  const { update, byteRange } = signed;
  if (!options.longTerm) return { update, byteRange, fieldName: plan.fieldName, level: options.timestamp ? "B-T" : "B-B" };
  if (!options.timestamp) throw new KysoError("TIMESTAMP_REQUIRED", `${options.longTerm.level} builds on B-T: give a TSA`);
  const extended = await extendPdf({
    source: appendedByteSource(options.source, update),
    level: options.longTerm.level,
    validationData: options.longTerm.validationData,
    timestamp: options.timestamp,
    hash: options.signer.algorithm.hash,
    ...(options.createHasher ? { createHasher: options.createHasher } : {}),
    ...(options.password === undefined ? {} : { password: options.password }),
  });
  return { update: concatBytes([update, extended.update]), byteRange, fieldName: plan.fieldName, level: options.longTerm.level };
}

/**
 * The placement and appearance builder of a visible signature. Loaded on demand: pdf-lib and
 * fontkit are only needed when something is drawn.
 */
async function visibleAppearance(reader: PdfDocumentReader, options: SignPdfOptions): Promise<{ placement: FieldPlacement; builder: SignatureAppearanceBuilder } | undefined> {
  const appearance = options.appearance;
  if (!appearance || appearance.profile === "invisible") return undefined;
  const { resolveAppearancePlacement, signatureAppearanceBuilder } = await import("../appearance/signature-appearance.js");
  const profile = appearance.profile;
  const placement = await resolveAppearancePlacement({ reader, profile, ...(options.placement ? { placement: options.placement } : {}) });
  return { placement, builder: signatureAppearanceBuilder({ reader, appearance: { ...appearance, profile }, signingTime: options.signingTime }) };
}

function pick(options: SignPdfOptions): { reason?: string; location?: string; contactInfo?: string } {
  return {
    ...(options.reason ? { reason: options.reason } : {}),
    ...(options.location ? { location: options.location } : {}),
    ...(options.contactInfo ? { contactInfo: options.contactInfo } : {}),
  };
}

/** CAdES-detached SignedData over the ByteRange digest; with a TSA, its signature timestamp (B-T). */
async function cadesContents(options: { contentDigest: Uint8Array; signer: CmsSigner; timestamp?: TimestampTransport }): Promise<Uint8Array> {
  const signature = await buildCadesDetachedSignedData({ contentDigest: options.contentDigest, signer: options.signer });
  if (!options.timestamp) return signature.contentInfoDer;
  // RFC 3161 Appendix A: the timestamp is over the SignerInfo's signature value.
  const token = await requestTimestampToken({ data: signature.signatureValue, hash: options.signer.algorithm.hash, post: options.timestamp.post });
  return addSignatureTimestamp(signature.contentInfoDer, token);
}
