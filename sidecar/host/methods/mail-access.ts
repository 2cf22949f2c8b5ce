import { createHash, X509Certificate } from "node:crypto";
import type { OutboxEntry } from "../../../shared/protocol/methods/mail.js";
import type { MailAccount, MailCredentials } from "../../mail/mail-account.js";
import type { Outbox } from "../../mail/outbox/outbox.js";
import { recordAudit } from "../audit-recorder.js";
import type { HostLog } from "../host-log.js";
import type { HostServices } from "../host-services.js";
import { configFilePath } from "../state-paths.js";

/**
 * What the mail.* handlers share: the account (the `mail` settings — policy, then the config
 * file, as for `kyso mail`), its secret from the keyring (`kyso mail login`), the outbox opened
 * for one request at a time, and the audit record of every send and outcome — attachment names
 * and hashes, the Message-ID, recipient count and domains; never the body, addresses or secret.
 */
export interface MailSession {
  account: MailAccount;
  credentials: MailCredentials;
}

/** Read for every request, so a changed config file or policy applies without restarting the host. */
export async function mailAccount(log: HostLog): Promise<MailSession> {
  const { loadMailAccount } = await import("../../config/mail-account-from-settings.js");
  const { storedCredentials } = await import("../../mail/credentials/account-credentials.js");
  const { account, problems } = await loadMailAccount({ configFile: configFilePath(), env: process.env });
  for (const found of problems) log.warn("mail.setting-ignored", { source: found.source, path: found.path, detail: found.message.en });
  return { account, credentials: await storedCredentials(account) };
}

/** One outbox user per host process at a time (the lock file guards against other processes). */
let outboxTurn: Promise<unknown> = Promise.resolve();

export async function withOutbox<T>(work: (outbox: Outbox) => Promise<T>, session: MailSession): Promise<T> {
  const { Outbox } = await import("../../mail/outbox/outbox.js");
  const { account, credentials } = session;
  const run = outboxTurn.then(async () => {
    const outbox = await Outbox.open({ account, credentials, lockWaitMs: 30_000 });
    try {
      return await work(outbox);
    } finally {
      await outbox.close();
    }
  });
  outboxTurn = run.catch(() => undefined);
  return run;
}

export interface AuditedAttachment {
  filename: string;
  content: Uint8Array;
}

/** "ok" once the server accepted the message; else the state, or the error code that ended it. */
export function auditResult(entry: OutboxEntry): string {
  if (entry.state === "accepted") return entry.lastError ? `ok (${entry.lastError.code})` : "ok";
  if (entry.state === "failed" && entry.lastError) return entry.lastError.code;
  return entry.state;
}

/** The recipients' domains, lower-case, each once: where the document went, without whose mailbox. */
export function recipientDomains(addresses: readonly string[]): string[] {
  return [...new Set(addresses.map((address) => address.slice(address.lastIndexOf("@") + 1).toLowerCase()))].sort();
}

export async function recordMailAudit(services: HostServices, options: { origin: string; entry: OutboxEntry; attachments: readonly AuditedAttachment[]; smimeCertificateDer?: Uint8Array }): Promise<void> {
  const { entry, attachments } = options;
  const hashes = attachments.map((a) => createHash("sha256").update(a.content).digest("hex"));
  const certificate = options.smimeCertificateDer ? new X509Certificate(options.smimeCertificateDer) : undefined;
  await recordAudit(services, {
    action: "mail",
    who: services.user,
    origin: options.origin,
    ...(attachments.length > 0 ? { documentName: attachments.map((a) => a.filename).join("; "), documentSha256: hashes[0] } : {}),
    mail: {
      outboxId: entry.id,
      messageId: entry.messageId,
      recipientCount: entry.envelope.to.length,
      recipientDomains: recipientDomains(entry.envelope.to),
      ...(attachments.length > 0 ? { attachmentsSha256: hashes } : {}),
    },
    result: auditResult(entry),
    // The S/MIME signer, as sign.digest records the PDF signer.
    ...(certificate ? { certificate: { subject: certificate.subject.replace(/\n/g, ", "), serialNumber: certificate.serialNumber, issuer: certificate.issuer.replace(/\n/g, ", ") } } : {}),
  });
}
