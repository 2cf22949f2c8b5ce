import type { AppearanceOptions, AppearanceProfile, RgbColor } from "../../shared/appearance/appearance-options.js";
import { signPdf, type PadesLevel } from "../../shared/pades/sign-pdf.js";
import { blobByteSource } from "../../shared/pdf/byte-source.js";
import type { KysoSettings } from "../../shared/policy/settings.js";
import { base64ToBytes, bytesToBase64 } from "../../shared/protocol/base64-codec.js";
import type { ConfirmDecide, ConfirmStage } from "../../shared/protocol/confirmation.js";
import { progressEventSchema } from "../../shared/protocol/envelope.js";
import { asKysoError, KysoError } from "../../shared/protocol/kyso-error.js";
import { BatchSigner } from "./batch-signer.js";
import { packagedFonts } from "./packaged-fonts.js";
import { stampRect, type PortalDocument } from "./portal-document.js";
import type { SidecarConnection } from "./sidecar-connection.js";
import type { SigningKey } from "./signing-key.js";
import { extendToLongTerm, type SigningLevelPlan } from "./signing-level.js";

export type DocumentOutcome = { index: number; ok: true; signed: Blob; level: PadesLevel } | { index: number; ok: false; error: KysoError };

export interface BatchSigningOptions {
  documents: PortalDocument[];
  decision: ConfirmDecide;
  key: SigningKey;
  profile: AppearanceProfile;
  settings: KysoSettings;
  /** The level and its TSA / validation data transports (signing-level.ts), settled before the confirmation. */
  plan: SigningLevelPlan;
  /** The person's handwritten-signature image from the options page (storage.local), PNG. */
  signerImagePng?: Uint8Array;
  /** What the page said about the batch: number and date for the appearance, the comment's text. */
  documentNumber?: string;
  comment?: string;
  origin: string;
  sidecar: SidecarConnection;
  signal: AbortSignal;
  onProgress: (progress: { done: number; total: number; stage: ConfirmStage }) => void;
}

function rgbOf(hex: string): RgbColor | undefined {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return match ? [parseInt(match[1]!, 16) / 255, parseInt(match[2]!, 16) / 255, parseInt(match[3]!, 16) / 255] : undefined;
}

async function appearanceFor(options: BatchSigningOptions, document: PortalDocument): Promise<AppearanceOptions | undefined> {
  if (options.profile === "invisible") return undefined;
  const { appearance } = options.settings;
  const color = rgbOf(appearance.infoColor);
  const documentNumber = document.documentNumber ?? options.documentNumber;
  return {
    profile: options.profile,
    fonts: await packagedFonts(),
    ...(appearance.organisation ? { organisation: appearance.organisation } : {}),
    ...(appearance.sealImagePng && options.profile === "issuing" ? { sealImagePng: base64ToBytes(appearance.sealImagePng) } : {}),
    ...(documentNumber ? { documentNumber } : {}),
    ...(options.key.commonName ? { signerName: options.key.commonName } : {}),
    ...(options.signerImagePng ? { signerImagePng: options.signerImagePng } : {}),
    ...(options.comment ? { stampText: options.comment } : {}),
    ...(color ? { textColor: color } : {}),
  };
}

async function signOne(options: BatchSigningOptions, context: { batch: BatchSigner; document: PortalDocument; signingTime: Date }): Promise<DocumentOutcome> {
  const { document } = context;
  const placed = options.decision.placements.find((placement) => placement.index === document.index);
  const stamp = document.defaultPlacement && { ...document.defaultPlacement, ...(placed ? { page: placed.page, x: placed.x, y: placed.y } : {}) };
  const appearance = await appearanceFor(options, document);
  const { timestamp, longTerm } = options.plan;
  try {
    const signed = await signPdf({
      source: blobByteSource(document.blob),
      signer: context.batch.signerFor(document.index),
      signingTime: context.signingTime,
      ...(stamp ? { placement: { pageIndex: stamp.page, rect: stampRect(stamp) } } : {}),
      ...(appearance ? { appearance } : {}),
      ...(timestamp ? { timestamp } : {}),
    });
    const update = timestamp && longTerm ? await extendToLongTerm({ source: blobByteSource(document.blob), signedUpdate: signed.update, plan: { ...options.plan, timestamp, longTerm }, hash: options.key.algorithm.hash }) : signed.update;
    // The original is never copied: the signed file is the original Blob with the update(s) after it.
    return { index: document.index, ok: true, signed: new Blob([document.blob, update as BlobPart], { type: "application/pdf" }), level: options.plan.level };
  } catch (error) {
    context.batch.drop(document.index);
    return { index: document.index, ok: false, error: asKysoError(error) };
  }
}

/**
 * One attempt at signing the confirmed batch: every document is prepared by the shared PDF
 * engine up to its signed attributes, then ONE sign.digest with the one PIN signs them all,
 * then each gets its timestamp and is embedded. A wrong PIN rejects the whole attempt with
 * PIN_INCORRECT (the caller asks the person again); any other failure of the sign.digest is
 * every document's failure, except a batch the token left part way: the documents signed
 * before it went are finished, the others fail with its code (TOKEN_REMOVED).
 */
export async function signBatch(options: BatchSigningOptions): Promise<DocumentOutcome[]> {
  const { documents, key } = options;
  const total = documents.length;
  options.onProgress({ done: 0, total, stage: "preparing" });
  // The TSA's token size was probed once for the whole batch when the level was planned (signing-level.ts).
  const { timestamp } = options.plan;
  const batch = new BatchSigner(key, documents.map((document) => document.index));
  const signingTime = new Date();
  const outcomes = Promise.all(documents.map((document) => signOne(options, { batch, document, signingTime })));
  const items = await batch.collected;
  if (items.length > 0) {
    options.onProgress({ done: 0, total, stage: "signing" });
    const byIndex = new Map(documents.map((document) => [document.index, document]));
    try {
      const answer = await options.sidecar.request(
        "sign.digest",
        {
          certificateId: key.certificateId,
          algorithm: { scheme: key.algorithm.scheme, hash: key.algorithm.hash },
          items: items.map((item) => ({ documentName: byIndex.get(item.index)!.name, documentSha256: byIndex.get(item.index)!.sha256Hex, toBeSigned: bytesToBase64(item.toBeSigned) })),
          ...(options.decision.pin ? { pin: options.decision.pin } : {}),
          origin: options.origin,
        },
        {
          signal: options.signal,
          onEvent: (event) => {
            const progress = progressEventSchema.safeParse(event);
            if (progress.success) options.onProgress({ done: progress.data.done, total, stage: "signing" });
          },
        },
      );
      const expected = answer.stopped ? answer.signatures.length <= items.length : answer.signatures.length === items.length;
      if (!expected) throw new KysoError("INTERNAL_ERROR", `${answer.signatures.length} signatures for ${items.length} documents`);
      if (answer.certificate !== bytesToBase64(key.certificateDer)) throw new KysoError("INTERNAL_ERROR", "the sidecar signed with another certificate");
      // The token went part way (sign.digest's `stopped`): the documents signed before are whole
      // and are delivered; the rest fail with the reason and nothing of theirs leaves the browser.
      const stoppedBy = answer.stopped && new KysoError(answer.stopped.code, answer.stopped.detail);
      batch.deliver(new Map(answer.signatures.map((signature, position) => [items[position]!.index, base64ToBytes(signature)])), stoppedBy);
    } catch (error) {
      batch.fail(error);
      await outcomes;
      throw error;
    }
    if (timestamp) options.onProgress({ done: 0, total, stage: "timestamping" });
  }
  return outcomes;
}
