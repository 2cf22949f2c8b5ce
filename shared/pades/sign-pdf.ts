import type { AppearanceOptions, AppearancePlacement } from "../appearance/appearance-options.js";
import type { SignatureAppearanceBuilder } from "../appearance/signature-appearance.js";
import type { CmsSigner } from "../cms/cms-signer.js";
import { addSignatureTimestamp, buildCadesDetachedSignedData } from "../cms/cades-detached.js";
import { requestTimestampToken } from "../cms/timestamp.js";
import { estimateCadesSize } from "../cms/cades-size.js";
import type { ByteSource } from "../pdf/byte-source.js";
import { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";
import { assertNotEncrypted } from "../pdf/read/xref-reader.js";
import { writeByteRangeUpdate } from "./byte-range-update.js";
import { certifyPlan } from "./certification.js";
import { nobleHasherFactory, type HasherFactory } from "./incremental-hasher.js";
import { signatureDictionary } from "./signature-dictionary.js";
import { planSignatureField, type FieldPlacement } from "./signature-field-plan.js";

/** Room left in /Contents beyond the dry run: DER length fields and attribute variance. */
const CONTENTS_MARGIN_BYTES = 1024;
/** Tokens of one TSA differ by a few bytes (serial, time, nonce); the probe's size plus this. */
const TIMESTAMP_MARGIN_BYTES = 512;

export type PadesLevel = "B-B" | "B-T";

/** How to reach the TSA: the transport is the caller's (sidecar policy, proxies, caps). */
export interface TimestampTransport {
  post: (requestDer: Uint8Array) => Promise<Uint8Array>;
}

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
  /** With a TSA: PAdES B-T, a signature timestamp in the CMS (EN 319 142-1 §6.3). */
  timestamp?: TimestampTransport;
  /** A certification signature with this DocMDP permission (1 no changes, 2 forms + signing, 3 also annotations). */
  certify?: 1 | 2 | 3;
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
  const reader = await PdfDocumentReader.open(options.source);
  assertNotEncrypted(reader.trailer);
  const timeStampTokenSizeBytes = options.timestamp ? await probeTimestampTokenSize(options.timestamp, options.signer) : undefined;
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
  });
  if (options.certify !== undefined) await certifyPlan({ reader, plan });
  const signed = await writeByteRangeUpdate({
    reader,
    objects: plan.objects,
    digest: { hash: options.signer.algorithm.hash, createHasher: options.createHasher ?? nobleHasherFactory },
    contentsFor: (contentDigest) => cadesContents({ contentDigest, signer: options.signer, ...(options.timestamp ? { timestamp: options.timestamp } : {}) }),
  });
  const { update, byteRange } = signed;
  return { update, byteRange, fieldName: plan.fieldName, level: options.timestamp ? "B-T" : "B-B" };
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

/**
 * The placeholder must hold the TSA's token, whose size depends on the TSA (its certificate
 * chain, policy, accuracy): ask it once for a token over dummy data and measure.
 */
async function probeTimestampTokenSize(timestamp: TimestampTransport, signer: CmsSigner): Promise<number> {
  const token = await requestTimestampToken({ data: new Uint8Array(32), hash: signer.algorithm.hash, post: timestamp.post });
  return token.length + TIMESTAMP_MARGIN_BYTES;
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
