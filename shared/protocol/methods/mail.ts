import * as z from "zod/mini";
import { ERROR_CODES } from "../error-codes.js";
import { displayNameSchema, sha256HexSchema } from "../wire-bytes.js";

/**
 * `mail.*`: official mail through the agency's SMTP/IMAP servers (sidecar/mail). The durable
 * outbox entry below is also the on-disk record of sidecar/mail/outbox — one schema for the
 * file, the host's answers and the extension's outbox view.
 */

export const OUTBOX_STATES = ["queued", "sending", "accepted", "failed", "needs-review", "cancelled"] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

const outboxIdSchema = z.string().check(z.regex(/^[0-9a-z-]{8,64}$/));
const isoTime = z.iso.datetime();

const outboxErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  /** The server's reply or the library's message: technical, never the secret. */
  detail: z.string(),
  responseCode: z.optional(z.number().check(z.int())),
});

const recipientOutcomeSchema = z.object({
  address: z.string(),
  status: z.enum(["accepted", "refused"]),
  reply: z.optional(z.string()),
  responseCode: z.optional(z.number().check(z.int())),
});

/**
 * One message in the outbox: queued → sending → accepted | failed | needs-review;
 * queued/failed/needs-review → cancelled. "sending" is stored before the first byte goes to
 * the server, so one found after a crash has an unknown outcome and is never resent blindly.
 */
export const outboxEntrySchema = z.object({
  version: z.literal(1),
  id: outboxIdSchema,
  messageId: z.string().check(z.minLength(3)),
  subject: z.string(),
  envelope: z.object({ from: z.string(), to: z.array(z.string()).check(z.minLength(1)) }),
  state: z.enum(OUTBOX_STATES),
  attempts: z.number().check(z.int(), z.nonnegative()),
  nextAttemptAt: isoTime,
  createdAt: isoTime,
  updatedAt: isoTime,
  /** Per recipient, from the server's RCPT replies of the accepted submission. */
  recipients: z.array(recipientOutcomeSchema),
  smtpReply: z.optional(z.string()),
  lastError: z.optional(outboxErrorSchema),
  sentCopy: z.object({
    state: z.enum(["pending", "done", "server-files", "failed"]),
    mailbox: z.optional(z.string()),
    attempts: z.number().check(z.int(), z.nonnegative()),
    nextAttemptAt: z.optional(isoTime),
    lastError: z.optional(outboxErrorSchema),
  }),
});

/** A bare address (local@domain), no name or angle brackets: what mail.send, the compose window and the composer accept. */
export const MAIL_ADDRESS_PATTERN = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+$/;
export const mailAddressSchema = z.string().check(z.minLength(3), z.maxLength(320), z.regex(MAIL_ADDRESS_PATTERN));

/** At most this many attachments in one message; their bytes come from blob.put. */
export const MAIL_MAX_ATTACHMENTS = 20;

/**
 * `mail.send`: composes the message (attachments by blob id from blob.put), stores it in the
 * outbox (the answer's entry is on disk before any byte goes out), then works it for up to
 * `waitMs` and answers with its state — "queued" when the server is away and retries continue.
 * `origin` is set by the background from the sender, for the audit log.
 */
export const mailSendParamsSchema = z.object({
  origin: z.string().check(z.maxLength(512)),
  to: z.array(mailAddressSchema).check(z.minLength(1), z.maxLength(100)),
  cc: z.optional(z.array(mailAddressSchema).check(z.maxLength(100))),
  subject: z.string().check(z.maxLength(998)),
  text: z.string().check(z.maxLength(1024 * 1024)),
  attachments: z.optional(
    z
      .array(z.object({ blobId: z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/)), filename: displayNameSchema.check(z.minLength(1), z.maxLength(255)), contentType: z.optional(z.string().check(z.maxLength(127))) }))
      .check(z.maxLength(MAIL_MAX_ATTACHMENTS)),
  ),
  readReceipt: z.optional(z.boolean()),
  /**
   * S/MIME-sign with the same key as PDF signing (a pkcs11:, csc: or mss: certificate id from
   * keys.list); the PIN travels only here and is dropped once it is bytes.
   */
  smime: z.optional(z.object({ certificateId: z.string().check(z.minLength(7), z.maxLength(2048)), pin: z.optional(z.string().check(z.minLength(1), z.maxLength(64))) })),
  /** Milliseconds to wait for the outcome before answering; the outbox keeps trying after. */
  waitMs: z.optional(z.number().check(z.int(), z.nonnegative(), z.lte(120_000))),
});

export const mailSendResultSchema = z.object({ entry: outboxEntrySchema });

/** `mail.outbox`: list it; work what is due; retry or cancel one message (the user's decision). */
export const mailOutboxParamsSchema = z.object({
  action: z.enum(["list", "process", "retry", "cancel"]),
  id: z.optional(outboxIdSchema),
  origin: z.optional(z.string().check(z.maxLength(512))),
});

export const mailOutboxResultSchema = z.object({ entries: z.array(outboxEntrySchema) });

export const pdfAttachmentInfoSchema = z.object({
  /** BODYSTRUCTURE part number, for mail.attachment. */
  part: z.string().check(z.maxLength(64)),
  filename: z.string(),
  /** Size as the server reports it (base64: about 4/3 of the file). */
  encodedSize: z.number().check(z.int(), z.nonnegative()),
});

export const incomingMessageSchema = z.object({
  uid: z.number().check(z.int(), z.positive()),
  messageId: z.optional(z.string()),
  subject: z.string(),
  from: z.string(),
  date: z.optional(z.string()),
  smimeSigned: z.boolean(),
  attachments: z.array(pdfAttachmentInfoSchema),
});

/** `mail.inbox`: the newest messages that carry PDFs, from BODYSTRUCTURE only (no body is downloaded). */
export const mailInboxParamsSchema = z.object({
  limit: z.optional(z.number().check(z.int(), z.positive(), z.lte(1000))),
  mailbox: z.optional(z.string().check(z.maxLength(512))),
});

export const mailInboxResultSchema = z.object({ messages: z.array(incomingMessageSchema) });

/** `mail.attachment`: downloads one attachment into a blob (read it with blob.get, verify it). */
export const mailAttachmentParamsSchema = z.object({
  uid: z.number().check(z.int(), z.positive()),
  part: z.string().check(z.regex(/^[0-9]+(\.[0-9]+)*$/), z.maxLength(64)),
  mailbox: z.optional(z.string().check(z.maxLength(512))),
});

export const mailAttachmentResultSchema = z.object({
  blobId: z.string(),
  filename: z.string(),
  sizeBytes: z.number().check(z.int(), z.nonnegative()),
  sha256: sha256HexSchema,
});

export type OutboxEntry = z.infer<typeof outboxEntrySchema>;
export type MailSendParams = z.infer<typeof mailSendParamsSchema>;
export type MailOutboxParams = z.infer<typeof mailOutboxParamsSchema>;
export type IncomingMessage = z.infer<typeof incomingMessageSchema>;
export type PdfAttachmentInfo = z.infer<typeof pdfAttachmentInfoSchema>;
