import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { appendToSentOnce, findInSent, type SentCopyOptions } from "../imap/sent-copy.js";
import type { MailAccount, MailCredentials } from "../mail-account.js";
import { isImapRetryable } from "../mail-failure.js";
import type { FinishedMessage } from "../mime/compose-message.js";
import { createSmtpSubmitter, SmtpSubmitError, type SmtpSubmitter } from "../smtp/smtp-submitter.js";
import { isPending, type OutboxEntry, type OutboxError } from "./outbox-entry.js";
import { lockOutbox, type OutboxLock } from "./outbox-lock.js";
import { newOutboxId, OutboxStore } from "./outbox-store.js";
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from "./retry-policy.js";

/**
 * The durable outbox: a message is stored (fsynced) before its first attempt, every state
 * change is stored before the step it announces, and nothing is sent twice blindly — see
 * OutboxEntry for the states. The Sent copy is appended only after "accepted" is on disk, and
 * only if a search by Message-ID does not find it already.
 */

export interface OutboxOptions {
  account: MailAccount;
  credentials: MailCredentials;
  retry?: RetryPolicy;
  /** Overrides for IMAP reconnects (tests shorten them). */
  imapRetry?: Pick<SentCopyOptions, "attempts" | "baseDelayMs" | "maxDelayMs" | "timeoutMs">;
  smtpTimeoutMs?: number;
  maxConnections?: number;
  now?: () => Date;
  /** How long to wait for another process holding the outbox (see lockOutbox). */
  lockWaitMs?: number;
}

const errorOf = (error: KysoError, responseCode?: number): OutboxError => ({
  code: error.code,
  detail: error.message,
  ...(responseCode !== undefined ? { responseCode } : {}),
});

const asKyso = (error: unknown): KysoError => (error instanceof KysoError ? error : new KysoError("INTERNAL_ERROR", String(error), { cause: error }));

export class Outbox {
  private submitter: SmtpSubmitter | undefined;
  private readonly retry: RetryPolicy;
  private readonly now: () => Date;

  private constructor(
    private readonly options: OutboxOptions,
    readonly store: OutboxStore,
    private readonly lock: OutboxLock,
  ) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.now = options.now ?? (() => new Date());
  }

  /** Opens (and locks) the outbox, then settles entries a crash left "sending". */
  static async open(options: OutboxOptions): Promise<Outbox> {
    const store = await OutboxStore.open(options.account.outboxDir);
    const lock = await lockOutbox(store.dir, { waitMs: options.lockWaitMs ?? 0 });
    const outbox = new Outbox(options, store, lock);
    try {
      await outbox.recover();
    } catch (error) {
      await outbox.close();
      throw error;
    }
    return outbox;
  }

  async close(): Promise<void> {
    this.submitter?.close();
    this.submitter = undefined;
    await this.lock.release();
  }

  private get sentOptions(): SentCopyOptions {
    return { account: this.options.account, credentials: this.options.credentials, ...this.options.imapRetry };
  }

  private smtp(): SmtpSubmitter {
    this.submitter ??= createSmtpSubmitter({
      account: this.options.account,
      credentials: this.options.credentials,
      ...(this.options.maxConnections !== undefined ? { maxConnections: this.options.maxConnections } : {}),
      ...(this.options.smtpTimeoutMs !== undefined ? { timeoutMs: this.options.smtpTimeoutMs } : {}),
    });
    return this.submitter;
  }

  private async save(entry: OutboxEntry, change: Partial<OutboxEntry>): Promise<OutboxEntry> {
    const next: OutboxEntry = { ...entry, ...change, updatedAt: this.now().toISOString() };
    await this.store.save(next);
    return next;
  }

  /** Stores the finished message as "queued", due now; resolves once it is on disk. */
  async enqueue(message: FinishedMessage, subject: string): Promise<OutboxEntry> {
    const now = this.now().toISOString();
    const entry: OutboxEntry = {
      version: 1,
      id: newOutboxId(this.now()),
      messageId: message.messageId,
      subject,
      envelope: message.envelope,
      state: "queued",
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
      updatedAt: now,
      recipients: [],
      sentCopy: { state: "pending", attempts: 0 },
    };
    await this.store.create(entry, message.raw);
    return entry;
  }

  /**
   * An entry left "sending" was interrupted with its outcome unknown. When the server files
   * sent mail itself, finding it in Sent proves acceptance; otherwise Sent cannot know (we
   * append only after "accepted" is stored), so it is for the user to review.
   */
  private async recover(): Promise<void> {
    for (const entry of await this.store.list()) {
      if (entry.state !== "sending") continue;
      let found;
      try {
        found = await findInSent(this.sentOptions, entry.messageId);
      } catch (error) {
        const detail = `interrupted while sending; Sent could not be checked (${asKyso(error).message})`;
        await this.save(entry, { state: "needs-review", lastError: errorOf(new KysoError("MAIL_NEEDS_REVIEW", detail)) });
        continue;
      }
      if (found) {
        const sentCopy = { ...entry.sentCopy, state: "done" as const, mailbox: found.mailbox };
        await this.save(entry, { state: "accepted", sentCopy });
      } else {
        const detail = "interrupted while sending and not found in Sent: it may or may not have been delivered";
        await this.save(entry, { state: "needs-review", lastError: errorOf(new KysoError("MAIL_NEEDS_REVIEW", detail)) });
      }
    }
  }

  list(): Promise<OutboxEntry[]> {
    return this.store.list();
  }

  /**
   * Works every entry that is due: submissions first (concurrently, bounded by the pool), then
   * Sent copies (left for a later call with `sentCopies: false`, e.g. to send a batch first).
   */
  async processDue(options: { sentCopies?: boolean } = {}): Promise<OutboxEntry[]> {
    const now = this.now().getTime();
    const entries = await this.store.list();
    const due = entries.filter((e) => e.state === "queued" && Date.parse(e.nextAttemptAt) <= now);
    const submitted = await Promise.all(due.map((entry) => this.submit(entry)));
    if (options.sentCopies === false) return submitted;
    const copies = [...entries.filter((e) => !due.includes(e)), ...submitted].filter(
      (e) => e.state === "accepted" && e.sentCopy.state === "pending" && Date.parse(e.sentCopy.nextAttemptAt ?? e.updatedAt) <= now,
    );
    // One IMAP connection per copy would be wasteful for a batch but each copy is independent
    // and retried on its own; a handful at a time keeps the server happy.
    const results: OutboxEntry[] = [];
    for (let i = 0; i < copies.length; i += 4) results.push(...(await Promise.all(copies.slice(i, i + 4).map((e) => this.fileSentCopy(e)))));
    return results.concat(submitted.filter((e) => !results.some((r) => r.id === e.id)));
  }

  private async submit(queued: OutboxEntry): Promise<OutboxEntry> {
    // Stored before the first byte leaves: a crash from here on is "outcome unknown".
    const entry = await this.save(queued, { state: "sending", attempts: queued.attempts + 1 });
    const raw = await this.store.readMessage(entry.id);
    try {
      const accepted = await this.smtp().submit({ raw, envelope: entry.envelope, dsnEnvelopeId: entry.id });
      const refused = accepted.recipients.filter((r) => r.status === "refused");
      const lastError = refused.length > 0 ? errorOf(new KysoError("MAIL_RECIPIENT_REFUSED", refused.map((r) => r.reply ?? r.address).join("; "))) : undefined;
      const sentCopy = this.options.account.sent.mode === "server" ? { ...entry.sentCopy, state: "server-files" as const } : entry.sentCopy;
      return await this.save(entry, { state: "accepted", recipients: accepted.recipients, smtpReply: accepted.reply, lastError, sentCopy });
    } catch (error) {
      if (!(error instanceof SmtpSubmitError)) throw error;
      const { failure } = error;
      const lastError = errorOf(failure.error, failure.responseCode);
      if (error.outcomeUnknown) {
        const detail = `the connection ended after the whole message was sent, before the server answered (${failure.error.message})`;
        return this.save(entry, { state: "needs-review", lastError: errorOf(new KysoError("MAIL_NEEDS_REVIEW", detail)) });
      }
      if (failure.kind === "transient" && entry.attempts < this.retry.maxAttempts) {
        const nextAttemptAt = new Date(this.now().getTime() + retryDelayMs(this.retry, entry.attempts)).toISOString();
        return this.save(entry, { state: "queued", nextAttemptAt, lastError });
      }
      return this.save(entry, { state: "failed", lastError, recipients: error.recipients });
    }
  }

  private async fileSentCopy(entry: OutboxEntry): Promise<OutboxEntry> {
    const attempts = entry.sentCopy.attempts + 1;
    try {
      const raw = await this.store.readMessage(entry.id);
      const result = await appendToSentOnce(this.sentOptions, { raw, messageId: entry.messageId, date: new Date(entry.createdAt) });
      return await this.save(entry, { sentCopy: { state: "done", mailbox: result.mailbox, attempts } });
    } catch (error) {
      const failure = asKyso(error);
      const retryable = isImapRetryable(failure) && attempts < this.retry.maxAttempts;
      const nextAttemptAt = new Date(this.now().getTime() + retryDelayMs(this.retry, attempts)).toISOString();
      const sentCopy = { state: retryable ? ("pending" as const) : ("failed" as const), attempts, nextAttemptAt, lastError: errorOf(failure) };
      return this.save(entry, { sentCopy });
    }
  }

  /**
   * The user's "send again": a failed or needs-review message goes back to the queue, due now
   * (for needs-review the user has checked that it did not arrive); an accepted message whose
   * Sent copy failed gets that copy retried.
   */
  async retryEntry(id: string): Promise<OutboxEntry> {
    const entry = await this.store.load(id);
    const now = this.now().toISOString();
    if (entry.state === "failed" || entry.state === "needs-review" || entry.state === "queued") {
      return this.save(entry, { state: "queued", attempts: 0, nextAttemptAt: now });
    }
    if (entry.state === "accepted" && (entry.sentCopy.state === "failed" || entry.sentCopy.state === "pending")) {
      return this.save(entry, { sentCopy: { ...entry.sentCopy, state: "pending", attempts: 0, nextAttemptAt: now } });
    }
    throw new KysoError("MAIL_OUTBOX_STATE", `${id} is ${entry.state}`);
  }

  async cancel(id: string): Promise<OutboxEntry> {
    const entry = await this.store.load(id);
    if (entry.state !== "queued" && entry.state !== "failed" && entry.state !== "needs-review") throw new KysoError("MAIL_OUTBOX_STATE", `${id} is ${entry.state}`);
    return this.save(entry, { state: "cancelled" });
  }

  /** Works the outbox until nothing is pending or the deadline passes, sleeping until the next due time. */
  async drain(options: { deadlineMs: number; ids?: readonly string[] }): Promise<OutboxEntry[]> {
    const deadline = this.now().getTime() + options.deadlineMs;
    for (;;) {
      await this.processDue();
      const watched = (await this.store.list()).filter((e) => options.ids === undefined || options.ids.includes(e.id));
      const pending = watched.filter(isPending);
      if (pending.length === 0) return watched;
      const next = Math.min(...pending.map((e) => Date.parse(e.state === "queued" ? e.nextAttemptAt : (e.sentCopy.nextAttemptAt ?? e.updatedAt))));
      if (next > deadline) return watched;
      await new Promise((resolve) => setTimeout(resolve, Math.max(50, next - this.now().getTime())));
    }
  }
}
