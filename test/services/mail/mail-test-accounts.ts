import { createHash } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { withImap, type MailEndpoints } from "./mail-clients.js";
import type { MailAccount, MailCredentials } from "../../../sidecar/mail/mail-account.js";

/** Test-only: accounts over the loopback Dovecot + Postfix, and counting by Message-ID. */
export interface TestMailUser {
  address: string;
  password: string;
}

export async function testAccount(servers: MailEndpoints, user: TestMailUser, overrides: Partial<MailAccount> = {}): Promise<{ account: MailAccount; credentials: MailCredentials }> {
  return {
    account: {
      address: user.address,
      user: user.address,
      smtp: { host: servers.smtp.host, port: servers.smtp.port, tls: "starttls" },
      imap: { host: servers.imap.host, port: servers.imap.port, tls: "implicit" },
      caPem: servers.caPem,
      sent: { mode: "append" },
      auth: "plain",
      outboxDir: await mkdtemp(join(tmpdir(), "kyso-outbox-")),
      ...overrides,
    },
    credentials: { user: user.address, password: user.password },
  };
}

export interface MailboxQuery {
  servers: MailEndpoints;
  user: TestMailUser;
  mailbox: string;
  messageId: string;
}

export async function countByMessageId(query: MailboxQuery): Promise<number> {
  return withImap(query.servers, query.user, async (client) => {
    const lock = await client.getMailboxLock(query.mailbox);
    try {
      const uids = await client.search({ header: { "message-id": query.messageId } }, { uid: true });
      return uids ? uids.length : 0;
    } finally {
      lock.release();
    }
  });
}

/** Waits for LMTP delivery (asynchronous after the 250 of submission). */
export async function waitForCount(options: MailboxQuery & { atLeast: number; timeoutMs?: number }): Promise<number> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    const count = await countByMessageId(options);
    if (count >= options.atLeast || Date.now() > deadline) return count;
    await sleep(150);
  }
}

export const sha256Hex = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");
