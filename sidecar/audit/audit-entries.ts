import { createHash, X509Certificate } from "node:crypto";
import type { OutboxEntry } from "../../shared/protocol/methods/mail.js";
import type { AuditEntry } from "./audit-chain.js";

/**
 * What a record says about a signature or a mail, built the same way by the native host
 * (sign.digest, mail.*) and the CLI (kyso sign, kyso mail), so that the popup, `kyso audit`
 * and the SOC read one kind of record whoever made it.
 */

/** Who asked: the operating-system user, and the page's origin or CLI_AUDIT_ORIGIN. */
export interface AuditActor {
  who: string;
  origin: string;
}

/** The signer as the record names it: subject and issuer on one line. */
function auditedCertificate(certificate: X509Certificate): NonNullable<AuditEntry["certificate"]> {
  return { subject: certificate.subject.replace(/\n/g, ", "), serialNumber: certificate.serialNumber, issuer: certificate.issuer.replace(/\n/g, ", ") };
}

/** One document's signature: "ok" or the error code that stopped it. */
export function signAuditEntry(
  actor: AuditActor,
  document: { documentName: string; documentSha256?: string | undefined; signedSha256?: string | undefined },
  outcome: { result: string; certificate?: X509Certificate | undefined },
): AuditEntry {
  return {
    action: "sign",
    who: actor.who,
    origin: actor.origin,
    documentName: document.documentName,
    ...(document.documentSha256 ? { documentSha256: document.documentSha256 } : {}),
    ...(document.signedSha256 ? { signedSha256: document.signedSha256 } : {}),
    result: outcome.result,
    ...(outcome.certificate ? { certificate: auditedCertificate(outcome.certificate) } : {}),
  };
}

/** "ok" once the server accepted the message; else the state, or the error code that ended it. */
function mailAuditResult(entry: OutboxEntry): string {
  if (entry.state === "accepted") return entry.lastError ? `ok (${entry.lastError.code})` : "ok";
  if (entry.state === "failed" && entry.lastError) return entry.lastError.code;
  return entry.state;
}

/** The recipients' domains, lower-case, each once: where the document went, without whose mailbox. */
export function recipientDomains(addresses: readonly string[]): string[] {
  return [...new Set(addresses.map((address) => address.slice(address.lastIndexOf("@") + 1).toLowerCase()))].sort();
}

export interface AuditedAttachment {
  filename: string;
  content: Uint8Array;
}

/**
 * One mail record: attachment names and hashes (when the record is the one that queued them),
 * the Message-ID, recipient count and domains, the S/MIME signer; never the body, the
 * addresses or the account's secret.
 */
export function mailAuditEntry(actor: AuditActor, options: { entry: OutboxEntry; attachments: readonly AuditedAttachment[]; smimeCertificateDer?: Uint8Array | undefined }): AuditEntry {
  const { entry, attachments } = options;
  const hashes = attachments.map((a) => createHash("sha256").update(a.content).digest("hex"));
  return {
    action: "mail",
    who: actor.who,
    origin: actor.origin,
    ...(attachments.length > 0 ? { documentName: attachments.map((a) => a.filename).join("; "), documentSha256: hashes[0] } : {}),
    mail: {
      outboxId: entry.id,
      messageId: entry.messageId,
      recipientCount: entry.envelope.to.length,
      recipientDomains: recipientDomains(entry.envelope.to),
      ...(attachments.length > 0 ? { attachmentsSha256: hashes } : {}),
    },
    result: mailAuditResult(entry),
    // The S/MIME signer, as a sign record names the PDF signer.
    ...(options.smimeCertificateDer ? { certificate: auditedCertificate(new X509Certificate(options.smimeCertificateDer)) } : {}),
  };
}
