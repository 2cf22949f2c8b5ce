import { existsSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { TestPki } from "../test/pki/test-pki.js";
import { startMailServers, type MailServers, type MailUser } from "../test/services/mail-servers.js";
import type { Bilingual } from "./demo-console.js";
import type { KysoRunner } from "./kyso-runner.js";

/**
 * The agency's mail system, on loopback: private Postfix (submission, STARTTLS + AUTH) and
 * Dovecot (IMAPS) instances with two mailboxes, nothing relayed off the machine. Their state
 * lives in a temporary directory, not under demo-output: Postfix refuses a tree with a 0700
 * parent (a home directory often is). `kyso mail send` posts the signed PDF, then the
 * recipient's `kyso mail inbox` must list it.
 */
export interface DemoMail {
  sender: MailUser;
  recipient: MailUser;
  senderConfigFile: string;
  recipientConfigFile: string;
  /** Environment naming the passwords for --password-env. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export const SENDER_PASSWORD_ENV = "KYSO_DEMO_SENDER_PASSWORD";
export const RECIPIENT_PASSWORD_ENV = "KYSO_DEMO_RECIPIENT_PASSWORD";

/** Why mail cannot run here, or undefined when it can. */
export function mailUnavailableReason(): Bilingual | undefined {
  if (!existsSync("/usr/sbin/postfix") || !existsSync("/usr/sbin/dovecot")) {
    return { vi: "chưa cài Postfix và Dovecot — cài bằng: sudo npm run system-deps", en: "Postfix and Dovecot are not installed — install with: sudo npm run system-deps" };
  }
  if (process.getuid?.() !== 0) {
    return { vi: "máy chủ thư riêng của demo cần quyền root (Postfix, Dovecot) — chạy lại bằng sudo để có phần thư", en: "the demo's private mail servers need root (Postfix, Dovecot) — run it with sudo for the mail part" };
  }
  return undefined;
}

async function writeAccountConfig(file: string, account: { servers: MailServers; user: MailUser; outboxDir: string }): Promise<void> {
  const { servers, user, outboxDir } = account;
  const mail = {
    address: user.address,
    smtp: { host: servers.smtp.host, port: servers.smtp.port, tls: "starttls" },
    imap: { host: servers.imap.host, port: servers.imap.port, tls: "implicit" },
    caPem: servers.caPem,
  };
  // The account is the `mail` settings; the outbox folder is this machine's (host config mailOutboxDir).
  await writeFile(file, JSON.stringify({ mailOutboxDir: outboxDir, mail }, null, 2), { mode: 0o600 });
}

export async function startDemoMail(pki: TestPki): Promise<DemoMail> {
  const dir = await mkdtemp(join(tmpdir(), "kyso-demo-mail-"));
  await chmod(dir, 0o755);
  const tls = pki.entities.tlsServer;
  let servers: MailServers;
  try {
    servers = await startMailServers({ stateDir: join(dir, "servers"), tlsCertFile: tls.certPemFile, tlsKeyFile: tls.keyPemFile, caPem: await readFile(pki.chainPemFile, "utf8") });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const [sender, recipient] = servers.users;
  const senderConfigFile = join(dir, "sender.json");
  const recipientConfigFile = join(dir, "recipient.json");
  await writeAccountConfig(senderConfigFile, { servers, user: sender, outboxDir: join(dir, "outbox-sender") });
  await writeAccountConfig(recipientConfigFile, { servers, user: recipient, outboxDir: join(dir, "outbox-recipient") });
  return {
    sender,
    recipient,
    senderConfigFile,
    recipientConfigFile,
    env: { [SENDER_PASSWORD_ENV]: sender.password, [RECIPIENT_PASSWORD_ENV]: recipient.password },
    close: async () => {
      await servers.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface ArrivedMessage {
  uid: number;
  subject: string;
  from: string;
  attachments: Array<{ filename: string }>;
}

/** Polls the recipient's inbox through `kyso mail inbox --json` until the subject is there (LMTP delivery is asynchronous). */
export async function waitForMail(options: { mail: DemoMail; kyso: KysoRunner; subject: string; timeoutMs?: number }): Promise<ArrivedMessage | undefined> {
  const { mail, kyso, subject } = options;
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const inbox = await kyso(["mail", "inbox", "--config", mail.recipientConfigFile, "--password-env", RECIPIENT_PASSWORD_ENV, "--json"], { env: mail.env });
    if (inbox.code === 0) {
      const { messages } = JSON.parse(inbox.stdout) as { messages: ArrivedMessage[] };
      const found = messages.find((message) => message.subject === subject);
      if (found) return found;
    }
    if (Date.now() > deadline) return undefined;
    await sleep(300);
  }
}
