import { ImapFlow } from "imapflow";
import nodemailer, { type SMTPTransportOptions } from "nodemailer";

export interface MailEndpoints {
  smtp: { host: string; port: number };
  imap: { host: string; port: number };
  caPem: string;
}
export interface MailAccount {
  address: string;
  password: string;
}

/** A nodemailer transport for submission: STARTTLS required, the test CA trusted explicitly. */
export function submissionTransport(endpoints: MailEndpoints, user: MailAccount, extra: Partial<SMTPTransportOptions> = {}) {
  return nodemailer.createTransport({
    host: endpoints.smtp.host,
    port: endpoints.smtp.port,
    secure: false,
    requireTLS: true,
    tls: { ca: endpoints.caPem },
    auth: { user: user.address, pass: user.password },
    ...extra,
  });
}

/** imapflow clients are single-use: one per call, error listener attached BEFORE connect(). */
export async function withImap<T>(endpoints: MailEndpoints, user: MailAccount, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    host: endpoints.imap.host,
    port: endpoints.imap.port,
    secure: true, // IMAPS: implicit TLS
    tls: { ca: endpoints.caPem },
    auth: { user: user.address, pass: user.password },
    logger: false,
  });
  client.on("error", () => undefined); // failures surface through the awaited calls
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** A message (or one part of it, decoded) by UID in the selected mailbox, read to the end. */
export async function downloadBytes(client: ImapFlow, uid: number, part?: string): Promise<Buffer> {
  const download = await client.download(String(uid), part, { uid: true });
  const chunks: Buffer[] = [];
  for await (const chunk of download.content ?? []) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Waits (up to 30 s) for a message with `subject` in the user's INBOX — delivery is
 * asynchronous — and returns what `read` makes of it, the INBOX selected.
 */
export async function whenInInbox<T>(mailbox: { endpoints: MailEndpoints; user: MailAccount; subject: string }, read: (client: ImapFlow, uid: number) => Promise<T>): Promise<T> {
  const { endpoints, user, subject } = mailbox;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = await withImap(endpoints, user, async (client) => {
      const lock = await client.getMailboxLock("INBOX");
      try {
        const [uid] = (await client.search({ subject }, { uid: true })) || [];
        return uid === undefined ? undefined : { value: await read(client, uid) };
      } finally {
        lock.release();
      }
    });
    if (found) return found.value;
    if (Date.now() > deadline) throw new Error(`no message "${subject}" in ${user.address}'s INBOX`);
    await new Promise((done) => setTimeout(done, 500));
  }
}
