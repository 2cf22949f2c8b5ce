import type { ImapFlow } from "imapflow";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { SentPolicy } from "../mail-account.js";
import { findSentFolder } from "./sent-folder.js";
import { withImapRetry, type ImapConnectOptions, type ImapRetryOptions } from "./imap-session.js";

/**
 * The copy in Sent, exactly once: SEARCH HEADER Message-ID (RFC 3501 §6.4.4) before APPEND.
 * A connection lost during APPEND leaves the outcome unknown, so the whole search-then-append
 * is what gets retried — on a new connection, and again after a restart.
 */

export interface SentCopyResult {
  mailbox: string;
  /** The copy was already there (an earlier attempt, or the server filed it). */
  alreadyThere: boolean;
}

export type SentCopyOptions = ImapConnectOptions & ImapRetryOptions;

async function sentMailbox(client: ImapFlow, policy: SentPolicy): Promise<string> {
  return findSentFolder(await client.list(), policy);
}

/** UIDs of messages with this Message-ID in the mailbox. */
async function searchByMessageId(client: ImapFlow, mailbox: string, messageId: string): Promise<number[]> {
  const lock = await client.getMailboxLock(mailbox, { readOnly: true });
  try {
    const uids = await client.search({ header: { "message-id": messageId } }, { uid: true });
    return uids === false || uids === undefined ? [] : uids;
  } finally {
    lock.release();
  }
}

export async function findInSent(options: SentCopyOptions, messageId: string): Promise<SentCopyResult | undefined> {
  return withImapRetry(options, async (client) => {
    const mailbox = await sentMailbox(client, options.account.sent);
    return (await searchByMessageId(client, mailbox, messageId)).length > 0 ? { mailbox, alreadyThere: true } : undefined;
  });
}

export async function appendToSentOnce(options: SentCopyOptions, message: { raw: Buffer; messageId: string; date?: Date }): Promise<SentCopyResult> {
  return withImapRetry(options, async (client) => {
    const mailbox = await sentMailbox(client, options.account.sent);
    if ((await searchByMessageId(client, mailbox, message.messageId)).length > 0) return { mailbox, alreadyThere: true };
    const appended = await client.append(mailbox, message.raw, ["\\Seen"], message.date);
    // imapflow answers false when the connection went away before the tagged reply.
    if (appended === false) throw new KysoError("MAIL_SERVER_UNREACHABLE", `APPEND to ${mailbox} got no answer`);
    return { mailbox, alreadyThere: false };
  });
}
