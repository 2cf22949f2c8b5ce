import { z } from "zod";
import { ERROR_CODES } from "../../../shared/protocol/error-codes.js";

/**
 * One message in the outbox. States (ARCHITECTURE.md, Mail):
 *   queued → sending → accepted | failed | needs-review;  queued/failed/needs-review → cancelled.
 * "sending" is written (and fsynced) before the first byte goes to the server, so an entry
 * found "sending" after a crash is one whose outcome is unknown: it is never resent blindly.
 * After "accepted" the Sent copy has its own small state, retried separately.
 */
export const OUTBOX_STATES = ["queued", "sending", "accepted", "failed", "needs-review", "cancelled"] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

const errorSchema = z.object({
  code: z.enum(ERROR_CODES),
  detail: z.string(),
  responseCode: z.number().int().optional(),
});

const recipientSchema = z.object({
  address: z.string(),
  status: z.enum(["accepted", "refused"]),
  reply: z.string().optional(),
  responseCode: z.number().int().optional(),
});

export const outboxEntrySchema = z.object({
  version: z.literal(1),
  id: z.string().regex(/^[0-9a-z-]{8,64}$/),
  messageId: z.string().min(3),
  subject: z.string(),
  envelope: z.object({ from: z.string(), to: z.array(z.string()).min(1) }),
  state: z.enum(OUTBOX_STATES),
  attempts: z.number().int().min(0),
  nextAttemptAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Per recipient, from the server's RCPT replies of the accepted submission. */
  recipients: z.array(recipientSchema),
  smtpReply: z.string().optional(),
  lastError: errorSchema.optional(),
  sentCopy: z.object({
    state: z.enum(["pending", "done", "server-files", "failed"]),
    mailbox: z.string().optional(),
    attempts: z.number().int().min(0),
    nextAttemptAt: z.iso.datetime().optional(),
    lastError: errorSchema.optional(),
  }),
});

export type OutboxEntry = z.infer<typeof outboxEntrySchema>;
export type OutboxError = NonNullable<OutboxEntry["lastError"]>;

/** Work the outbox still has to do for this entry. */
export function isPending(entry: OutboxEntry): boolean {
  return entry.state === "queued" || (entry.state === "accepted" && entry.sentCopy.state === "pending");
}
