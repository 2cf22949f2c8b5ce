/**
 * Private Dovecot 2.3 + Postfix 3.7 instances for the test suite, on
 * 127.0.0.1 at random free ports, with all state under one directory.
 *
 * - SMTP: submission with mandatory STARTTLS; AUTH (PLAIN/LOGIN, via Dovecot
 *   SASL) is offered only after STARTTLS.  Mail is accepted only from
 *   authenticated users and only for the two virtual users; nothing is ever
 *   relayed off the machine.
 * - IMAP: IMAPS, i.e. IMPLICIT TLS (connect with `secure: true`); there is no
 *   cleartext IMAP port.
 * - Delivery: Postfix -> Dovecot LMTP (unix socket) -> maildir.
 *
 * Must run as root (Dovecot and Postfix masters need it); nothing under /etc
 * is read or modified.  Logs: <stateDir>/logs/{dovecot,postfix}.log.
 */
import { randomBytes } from "node:crypto";
import { authSocket, lmtpSocket, startDovecot, stopDovecot, writeDovecotConfig } from "./mail/dovecot.js";
import { freePorts } from "./mail/free-port.js";
import { startPostfix, stopPostfix, writePostfixConfig } from "./mail/postfix.js";
import { installTls, layoutFor, prepareStateDir, systemUser } from "./mail/state-dir.js";

export interface MailUser {
  address: string;
  password: string;
}

export interface MailServers {
  /** Submission: STARTTLS required, AUTH PLAIN/LOGIN only after STARTTLS. */
  smtp: { host: "127.0.0.1"; port: number };
  /** IMAPS: implicit TLS (`secure: true`); no STARTTLS / cleartext port. */
  imap: { host: "127.0.0.1"; port: number };
  users: [MailUser, MailUser];
  /** PEM that clients trust for the TLS cert (pass as tls: { ca }). */
  caPem: string;
  stateDir: string;
  /** Stop/start keep the same ports, for fault-injection tests; start is a no-op when running. */
  stopPostfix(): Promise<void>;
  startPostfix(): Promise<void>;
  stopDovecot(): Promise<void>;
  startDovecot(): Promise<void>;
  /** Stops both and waits until the master processes and their children are gone. */
  stop(): Promise<void>;
}

export interface StartMailServersOptions {
  stateDir: string;
  tlsCertFile: string;
  tlsKeyFile: string;
  caPem: string;
}

function newUsers(): [MailUser, MailUser] {
  // Hex only: ':' would break Dovecot's passwd-file format.
  const password = (): string => randomBytes(12).toString("hex");
  return [
    { address: "an@ubnd.test", password: password() },
    { address: "binh@sotp.test", password: password() },
  ];
}

export async function startMailServers(options: StartMailServersOptions): Promise<MailServers> {
  const layout = layoutFor(options.stateDir);
  // Dovecot refuses to deliver as uid 0; Debian's "mail" account owns the mailboxes.
  const mailUser = await systemUser("mail");
  // A reused state dir may still hold a running instance from a crashed run: the
  // start functions would take it for ours and keep its old ports and passwords.
  await Promise.all([stopPostfix(layout), stopDovecot(layout)]);
  await prepareStateDir(layout, mailUser);
  await installTls(layout, options.tlsCertFile, options.tlsKeyFile);

  const [imapsPort, submissionPort] = await freePorts(2);
  if (imapsPort === undefined || submissionPort === undefined) throw new Error("no free ports");
  const users = newUsers();
  await writeDovecotConfig(layout, { imapsPort, users, mailUser });
  await writePostfixConfig(layout, {
    submissionPort,
    addresses: users.map((user) => user.address),
    lmtpSocket: lmtpSocket(layout),
    authSocket: authSocket(layout),
  });

  const servers: MailServers = {
    smtp: { host: "127.0.0.1", port: submissionPort },
    imap: { host: "127.0.0.1", port: imapsPort },
    users,
    caPem: options.caPem,
    stateDir: layout.root,
    stopPostfix: () => stopPostfix(layout),
    startPostfix: () => startPostfix(layout, submissionPort),
    stopDovecot: () => stopDovecot(layout),
    startDovecot: () => startDovecot(layout, imapsPort),
    stop: async () => {
      // In parallel (~1.2 s in all), but wait for BOTH before reporting a failure.
      const results = await Promise.allSettled([stopPostfix(layout), stopDovecot(layout)]);
      const failure = results.find((result) => result.status === "rejected");
      if (failure !== undefined) throw failure.reason;
    },
  };
  try {
    // Dovecot first: Postfix needs its auth and LMTP sockets.
    await servers.startDovecot();
    await servers.startPostfix();
  } catch (error) {
    await servers.stop().catch(() => undefined);
    throw error;
  }
  return servers;
}
