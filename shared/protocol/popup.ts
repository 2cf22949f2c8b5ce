import * as z from "zod/mini";
import { ERROR_CODES } from "./error-codes.js";
import { auditRecordSchema } from "./methods/audit.js";
import { outboxViewSchema } from "./compose.js";
import { certificateEntrySchema, keysListResultSchema } from "./methods/keys.js";
import { incomingMessageSchema, mailAttachmentParamsSchema } from "./methods/mail.js";

/**
 * The toolbar popup ↔ background, on a runtime port named POPUP_PORT_NAME. The popup never
 * talks to the sidecar itself: the background answers over its one native port (ARCHITECTURE.md
 * "Background ↔ sidecar") and sends each part as soon as it has it, so the connection state
 * shows at once while the tokens are still being read.
 */
export const POPUP_PORT_NAME = "popup";

/** How many audit records the popup shows (newest first). */
export const POPUP_RECENT_RECORDS = 8;

/** How many outbox messages and incoming messages with PDFs the popup lists (newest first). */
export const POPUP_RECENT_OUTBOX = 8;
export const POPUP_RECENT_INCOMING = 10;
/** Attachments verified without a click, from the newest message down. */
export const POPUP_AUTO_VERIFIED_ATTACHMENTS = 3;

/** One incoming attachment: its message's UID in INBOX and its BODYSTRUCTURE part. */
export const popupAttachmentRefSchema = z.object({ uid: mailAttachmentParamsSchema.shape.uid, part: mailAttachmentParamsSchema.shape.part });

/**
 * Popup → background: read everything again (the person pressed Refresh, or plugged a token in);
 * retry or cancel an outbox message (the person's decision); verify one incoming attachment.
 */
export const fromPopupSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("popup.refresh") }),
  z.object({ type: z.literal("popup.outbox.retry"), id: outboxViewSchema.shape.id }),
  z.object({ type: z.literal("popup.outbox.cancel"), id: outboxViewSchema.shape.id }),
  z.object({ type: z.literal("popup.attachment.verify"), attachment: popupAttachmentRefSchema }),
]);

export const popupSidecarSchema = z.union([
  z.object({ state: z.literal("connected"), sidecarVersion: z.string().check(z.maxLength(64)), protocolVersion: z.number().check(z.int(), z.positive()) }),
  z.object({ state: z.literal("outdated"), sidecarVersion: z.optional(z.string().check(z.maxLength(64))) }),
  /** The browser's or the host's own words on why (e.g. "Specified native messaging host not found."). */
  z.object({ state: z.literal("unavailable"), reason: z.string().check(z.maxLength(1024)) }),
]);

/** A certificate as the popup lists it: who, which CA, validity, where — not its bytes. */
export const popupCertificateSchema = z.omit(certificateEntrySchema, { certificate: true, chain: true });

const errorCodeSchema = z.enum(ERROR_CODES);

/** An outbox message as the popup lists it: the compose window's view plus what tells messages apart. */
export const popupOutboxEntrySchema = z.extend(outboxViewSchema, {
  subject: z.string().check(z.maxLength(998)),
  to: z.array(z.string().check(z.maxLength(320))).check(z.maxLength(100)),
  updatedAt: z.string().check(z.maxLength(40)),
  /** The server's last reply (the accepted submission's, or the failure's), for "why". */
  smtpReply: z.optional(z.string().check(z.maxLength(4096))),
});

/** One attachment's verification: running, a verdict (shared/verify's indication), or the code that stopped it. */
export const popupAttachmentStateSchema = z.object({
  attachment: popupAttachmentRefSchema,
  state: z.enum(["verifying", "done", "error"]),
  indication: z.optional(z.enum(["TOTAL_PASSED", "TOTAL_FAILED", "INDETERMINATE"])),
  signatures: z.optional(z.number().check(z.int(), z.nonnegative())),
  code: z.optional(errorCodeSchema),
});

/** Background → popup. */
export const toPopupSchema = z.union([
  z.object({ type: z.literal("popup.status"), sidecar: popupSidecarSchema }),
  z.object({
    type: z.literal("popup.keys"),
    certificates: z.array(popupCertificateSchema).check(z.maxLength(500)),
    unavailableModules: keysListResultSchema.shape.unavailableModules,
    unavailableServices: keysListResultSchema.shape.unavailableServices,
  }),
  z.object({ type: z.literal("popup.audit"), records: z.array(auditRecordSchema).check(z.maxLength(POPUP_RECENT_RECORDS)) }),
  z.object({ type: z.literal("popup.outbox"), entries: z.array(popupOutboxEntrySchema).check(z.maxLength(POPUP_RECENT_OUTBOX)) }),
  z.object({ type: z.literal("popup.inbox"), messages: z.array(incomingMessageSchema).check(z.maxLength(POPUP_RECENT_INCOMING)) }),
  z.extend(popupAttachmentStateSchema, { type: z.literal("popup.attachment") }),
  /** A list could not be read (keys.list, audit.list, mail.outbox, mail.inbox) or a retry/cancel failed: the part shows the error instead. */
  z.object({ type: z.literal("popup.error"), part: z.enum(["keys", "audit", "outbox", "inbox"]), code: errorCodeSchema }),
]);

/**
 * The attachment report page (popup/attachment-report.html, opened from the popup) on the same
 * port name: it asks for one attachment's report and gets the shared verifier's JSON report
 * (verification-json.ts, the object `kyso verify --json` prints), which it renders with
 * shared/verify/report-html.ts. The report is our own verifier's output, not the file's text.
 */
export const attachmentReportRequestSchema = z.object({ type: z.literal("popup.report.get"), attachment: popupAttachmentRefSchema });
export const attachmentReportSchema = z.union([
  z.object({ type: z.literal("popup.report"), attachment: popupAttachmentRefSchema, filename: z.string().check(z.maxLength(1000)), report: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal("popup.report.error"), attachment: popupAttachmentRefSchema, code: errorCodeSchema }),
]);

export type FromPopup = z.infer<typeof fromPopupSchema>;
export type ToPopup = z.infer<typeof toPopupSchema>;
export type PopupSidecar = z.infer<typeof popupSidecarSchema>;
export type PopupOutboxEntry = z.infer<typeof popupOutboxEntrySchema>;
export type PopupAttachmentRef = z.infer<typeof popupAttachmentRefSchema>;
export type PopupAttachmentState = z.infer<typeof popupAttachmentStateSchema>;
export type PopupCertificate = z.infer<typeof popupCertificateSchema>;
