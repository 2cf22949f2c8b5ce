import type { OutboxEntry } from "../../../shared/protocol/methods/mail.js";
import type { AuditedAttachment } from "../../audit/audit-entries.js";
import type { CliContext } from "../cli-io.js";
import type { MailCommonArguments } from "./mail-arguments.js";

/** Records one outbox entry's state; attachments and the S/MIME signer go with the record that queued them. */
export type MailAuditRecorder = (entry: OutboxEntry, sent?: { attachments: readonly AuditedAttachment[]; smimeCertificateDer?: Uint8Array | undefined }) => Promise<void>;

/**
 * The mail records `kyso mail` writes, the ones mail.send and mail.outbox write in the host
 * (sidecar/audit/audit-entries.ts): "queued" once the message is in the outbox, then its
 * outcome; each retry, cancel and processed entry with its outcome. The syslog target comes
 * from the config file the command reads its account from (--config), as the host's does.
 */
export async function openMailAudit(args: MailCommonArguments, context: CliContext): Promise<MailAuditRecorder> {
  const { openCliAudit } = await import("../cli-audit.js");
  const { mailAuditEntry } = await import("../../audit/audit-entries.js");
  const audit = await openCliAudit(context, { configFile: args.configFile });
  return (entry, sent = { attachments: [] }) => audit.record(mailAuditEntry(audit.actor, { entry, ...sent }));
}
