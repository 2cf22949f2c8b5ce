import { setTimeout as sleep } from "node:timers/promises";
import { ImapFlow } from "imapflow";
import type { MailAccount, MailCredentials } from "../mail-account.js";
import { imapFailure, isImapRetryable } from "../mail-failure.js";

/**
 * imapflow clients are single-use (a closed client cannot reconnect), so every connection is
 * a new client; its `error` listener is attached before connect(), since an unhandled
 * 'error' event would end the process. A dropped connection (Dovecot stopped: imapflow emits
 * only 'close', later calls reject with NoConnection) surfaces through the awaited calls.
 */

export interface ImapConnectOptions {
  account: MailAccount;
  credentials: MailCredentials;
  timeoutMs?: number;
}

export interface ImapRetryOptions {
  /** Connections tried in all, the first included. */
  attempts?: number;
  /** First pause; doubled each time, capped at maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

function newClient(options: ImapConnectOptions): ImapFlow {
  const { account, credentials } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const client = new ImapFlow({
    host: account.imap.host,
    port: account.imap.port,
    secure: account.imap.tls === "implicit",
    // STARTTLS mode: doSTARTTLS true makes a server without STARTTLS an error, never plain text.
    ...(account.imap.tls === "starttls" ? { doSTARTTLS: true } : {}),
    tls: { ...(account.caPem !== undefined ? { ca: account.caPem } : {}), minVersion: "TLSv1.2" },
    // imapflow uses AUTHENTICATE OAUTHBEARER or XOAUTH2 (whichever the server lists) for a token.
    // A password goes with the policy's SASL mechanism (mail.auth plain | login: AUTHENTICATE PLAIN / LOGIN, RFC 3501 §6.2.2).
    auth: "accessToken" in credentials ? { user: credentials.user, accessToken: credentials.accessToken } : { user: credentials.user, pass: credentials.password, ...(account.auth === "xoauth2" ? {} : { loginMethod: `AUTH=${account.auth.toUpperCase()}` }) },
    logger: false,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 2,
    disableAutoIdle: true,
  });
  client.on("error", () => undefined);
  return client;
}

/** One connection for one piece of work, logged out (or closed) afterwards whatever happens. */
export async function withImap<T>(options: ImapConnectOptions, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = newClient(options);
  try {
    await client.connect();
  } catch (error) {
    client.close();
    throw imapFailure(error);
  }
  try {
    return await work(client);
  } catch (error) {
    throw imapFailure(error);
  } finally {
    if (client.usable) await client.logout().catch(() => client.close());
    else client.close();
  }
}

/**
 * withImap, reconnecting with capped exponential backoff while the server is unreachable.
 * Only for work that is safe to repeat (searches, and APPEND guarded by a search).
 */
export async function withImapRetry<T>(options: ImapConnectOptions & ImapRetryOptions, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const attempts = options.attempts ?? 4;
  const maxDelayMs = options.maxDelayMs ?? 8_000;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await withImap(options, work);
    } catch (error) {
      const failure = imapFailure(error);
      if (attempt >= attempts || !isImapRetryable(failure)) throw failure;
      await sleep(Math.min((options.baseDelayMs ?? 500) * 2 ** (attempt - 1), maxDelayMs));
    }
  }
}
