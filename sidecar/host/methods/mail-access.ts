import type { OutboxEntry } from "../../../shared/protocol/methods/mail.js";
import { mailAuditEntry, type AuditedAttachment } from "../../audit/audit-entries.js";
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

/** The mail record (sidecar/audit/audit-entries.ts) of a send or an outcome, by the requesting page. */
export async function recordMailAudit(services: HostServices, options: { origin: string; entry: OutboxEntry; attachments: readonly AuditedAttachment[]; smimeCertificateDer?: Uint8Array }): Promise<void> {
  await recordAudit(services, mailAuditEntry({ who: services.user, origin: options.origin }, options));
}
