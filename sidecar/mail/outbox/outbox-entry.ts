import { OUTBOX_STATES, outboxEntrySchema, type OutboxEntry, type OutboxState } from "../../../shared/protocol/methods/mail.js";

/**
 * One message in the outbox; the schema (states, fields) lives with the mail.* protocol so
 * that the file, the host's answers and the extension read the same record. See there for
 * the states; after "accepted" the Sent copy has its own small state, retried separately.
 */
export { OUTBOX_STATES, outboxEntrySchema, type OutboxEntry, type OutboxState };
export type OutboxError = NonNullable<OutboxEntry["lastError"]>;

/** Work the outbox still has to do for this entry. */
export function isPending(entry: OutboxEntry): boolean {
  return entry.state === "queued" || (entry.state === "accepted" && entry.sentCopy.state === "pending");
}
