import * as z from "zod/mini";
import { APPEARANCE_PROFILES } from "../appearance/appearance-options.js";
import { ERROR_CODES } from "./error-codes.js";
import { certificateEntrySchema } from "./methods/keys.js";
import { base64Bytes, displayNameSchema } from "./wire-bytes.js";

/**
 * The messages between the background and the confirmation window (extension contract §2),
 * the one trusted place where a person sees what will be signed and types the PIN
 * (ARCHITECTURE.md security rules 1, 2, 4).
 *
 * The window opens `ui/confirm/confirm.html?id=<confirmationId>` and connects a runtime port
 * named `confirm:<confirmationId>`. The PIN travels in exactly one message, `confirm.decide`,
 * from the window to the background; no background → window message has a field for it, and
 * parsing strips unknown keys, so a PIN can never be echoed back into the window.
 */

export const CONFIRM_PORT_PREFIX = "confirm:";

/** Sizes a window can show and a person can check in one sitting; the page API caps the same. */
export const CONFIRM_MAX_DOCUMENTS = 500;
/** Preview bytes sent inline (base64 on Chromium's JSON ports); larger documents use a URL. */
export const CONFIRM_MAX_INLINE_PREVIEW_BYTES = 48 * 1024 * 1024;
export const CONFIRM_MAX_PIN_LENGTH = 64;

export const confirmationIdSchema = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));

export function confirmPortName(confirmationId: string): string {
  return `${CONFIRM_PORT_PREFIX}${confirmationId}`;
}

/** The confirmation id a port name carries, or undefined for any other port. */
export function confirmationIdOfPort(portName: string): string | undefined {
  if (!portName.startsWith(CONFIRM_PORT_PREFIX)) return undefined;
  const parsed = confirmationIdSchema.safeParse(portName.slice(CONFIRM_PORT_PREFIX.length));
  return parsed.success ? parsed.data : undefined;
}

const pageIndexSchema = z.number().check(z.int(), z.nonnegative());
/** PDF user space coordinates: finite, and within the largest page PDF allows (14 400 units, ISO 32000 Annex C). */
const userSpaceSchema = z.number().check(z.gte(-14_400 * 2), z.lte(14_400 * 2));
const userSpaceLengthSchema = z.number().check(z.positive(), z.lte(14_400));

/**
 * Where the stamp goes: `page` is 0-based, (x, y) is the rectangle's lower-left corner in the
 * page's default user space (the coordinates of an annotation /Rect), width and height in
 * user space units. The background computes the profile's default (shared/appearance/default-placement).
 */
export const stampPlacementSchema = z.object({
  page: pageIndexSchema,
  x: userSpaceSchema,
  y: userSpaceSchema,
  width: userSpaceLengthSchema,
  height: userSpaceLengthSchema,
});

/**
 * The document's bytes for the preview. Chromium's runtime ports serialise as JSON (an
 * ArrayBuffer arrives as `{}`), so there bytes go as base64; Firefox's structured clone
 * carries an ArrayBuffer or Uint8Array as they are. A URL the window can fetch (blob: made by
 * an extension page, or the extension's own origin) avoids copying a large file at all.
 */
const previewBytesSchema = z.union([
  base64Bytes(CONFIRM_MAX_INLINE_PREVIEW_BYTES),
  z.instanceof(ArrayBuffer),
  z.instanceof(Uint8Array),
]);
const previewUrlSchema = z.string().check(z.maxLength(2048), z.regex(/^(blob:|chrome-extension:\/\/|moz-extension:\/\/)/));

export const confirmDocumentSchema = z.object({
  /** Position in the request; placements and results refer to it. */
  index: z.number().check(z.int(), z.nonnegative(), z.lt(CONFIRM_MAX_DOCUMENTS)),
  name: displayNameSchema,
  /** Số và ký hiệu văn bản, when the page gave one. */
  documentNumber: z.optional(displayNameSchema),
  pageCount: z.number().check(z.int(), z.positive()),
  sizeBytes: z.number().check(z.int(), z.nonnegative()),
  pdfBlobUrl: z.optional(previewUrlSchema),
  bytes: z.optional(previewBytesSchema),
  /** The profile's default; absent only for the invisible profile, which draws nothing. */
  defaultPlacement: z.optional(stampPlacementSchema),
});

/** How the person proves it is them: a PIN typed here, the token's PIN pad, or their phone (PKI SIM, remote signing). */
export const PIN_MODES = ["pin", "pin-pad", "phone"] as const;

export const confirmRequestSchema = z.object({
  type: z.literal("confirm.request"),
  request: z.object({
    /** Taken from the browser (sender.origin), never from the page's payload. */
    origin: z.string().check(z.maxLength(300)),
    /** The portal's name from policy; absent when policy names none. */
    siteName: z.optional(displayNameSchema),
    profile: z.enum(APPEARANCE_PROFILES),
    documents: z.array(confirmDocumentSchema).check(z.minLength(1), z.maxLength(CONFIRM_MAX_DOCUMENTS)),
    certificates: z.array(certificateEntrySchema).check(z.maxLength(100)),
    pinMode: z.enum(PIN_MODES),
  }),
});

/** The stages of signing a document, in the order the background runs them. */
export const CONFIRM_STAGES = ["fetching", "preparing", "signing", "timestamping", "embedding", "uploading"] as const;

export const confirmProgressSchema = z.object({
  type: z.literal("confirm.progress"),
  /** Documents finished so far and in total. */
  done: z.number().check(z.int(), z.nonnegative()),
  total: z.number().check(z.int(), z.positive()),
  stage: z.enum(CONFIRM_STAGES),
  /** The document being worked on. */
  documentName: z.optional(displayNameSchema),
});

/** PKI SIM or remote signing: the code the person must see on their phone before approving. */
export const confirmApprovalSchema = z.object({
  type: z.literal("confirm.approval"),
  code: z.string().check(z.minLength(1), z.maxLength(32)),
  /** The signing service, as a person knows it (e.g. the CA's name). */
  provider: displayNameSchema,
});

/**
 * A failure. PIN_INCORRECT with retries left keeps the window open for another try; every
 * other code ends the confirmation. The words come from the code (error_<CODE>); `message`
 * is technical detail only.
 */
export const confirmErrorSchema = z.object({
  type: z.literal("confirm.error"),
  code: z.enum(ERROR_CODES),
  message: z.optional(z.string().check(z.maxLength(4096))),
  retriesLeft: z.optional(z.number().check(z.int(), z.nonnegative())),
});

export const confirmDoneSchema = z.object({
  type: z.literal("confirm.done"),
  results: z
    .array(z.object({ name: displayNameSchema, ok: z.boolean(), code: z.optional(z.enum(ERROR_CODES)) }))
    .check(z.maxLength(CONFIRM_MAX_DOCUMENTS)),
});

/** Everything the background may send the window. None of these carries a PIN. */
export const toConfirmWindowSchema = z.discriminatedUnion("type", [
  confirmRequestSchema,
  confirmProgressSchema,
  confirmApprovalSchema,
  confirmErrorSchema,
  confirmDoneSchema,
]);

export const confirmDecideSchema = z.object({
  type: z.literal("confirm.decide"),
  certificateId: z.string().check(z.minLength(1), z.maxLength(2048)),
  /** Only in pin mode; never logged, stored or sent anywhere but the sidecar. */
  pin: z.optional(z.string().check(z.minLength(1), z.maxLength(CONFIRM_MAX_PIN_LENGTH))),
  /** One per document with a stamp, as the person left it (the default when they did not move it). */
  placements: z
    .array(z.object({ index: z.number().check(z.int(), z.nonnegative()), page: pageIndexSchema, x: userSpaceSchema, y: userSpaceSchema }))
    .check(z.maxLength(CONFIRM_MAX_DOCUMENTS)),
});

export const confirmCancelSchema = z.object({ type: z.literal("confirm.cancel") });

/** Everything the window may send the background. */
export const fromConfirmWindowSchema = z.discriminatedUnion("type", [confirmDecideSchema, confirmCancelSchema]);

export type ConfirmPinMode = (typeof PIN_MODES)[number];
export type ConfirmStage = (typeof CONFIRM_STAGES)[number];
export type StampPlacement = z.infer<typeof stampPlacementSchema>;
export type ConfirmDocument = z.infer<typeof confirmDocumentSchema>;
export type ConfirmRequest = z.infer<typeof confirmRequestSchema>;
export type ConfirmRequestBody = ConfirmRequest["request"];
export type ConfirmProgress = z.infer<typeof confirmProgressSchema>;
export type ConfirmApproval = z.infer<typeof confirmApprovalSchema>;
export type ConfirmError = z.infer<typeof confirmErrorSchema>;
export type ConfirmDone = z.infer<typeof confirmDoneSchema>;
export type ToConfirmWindow = z.infer<typeof toConfirmWindowSchema>;
export type ConfirmDecide = z.infer<typeof confirmDecideSchema>;
export type ConfirmCancel = z.infer<typeof confirmCancelSchema>;
export type FromConfirmWindow = z.infer<typeof fromConfirmWindowSchema>;
