import { randomBytes } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer";
import type { CmsSigner } from "../../../shared/cms/cms-signer.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { MAIL_ADDRESS_PATTERN } from "../../../shared/protocol/methods/mail.js";
import type { SmtpEnvelope } from "../smtp/smtp-submitter.js";
import { smimeSign } from "./smime-sign.js";

/**
 * Builds the finished message — the exact bytes that are stored in the outbox, submitted,
 * and appended to Sent — with its own Message-ID (RFC 5322 §3.6.4), so that every later
 * step can find it by that ID. Vietnamese subjects and names are RFC 2047 encoded-words,
 * attachment names RFC 2231 parameters (both by nodemailer's composer); bodies are
 * quoted-printable or base64, so the message is 7-bit and S/MIME survives any relay.
 */

export interface OutgoingAttachment {
  filename: string;
  content: Uint8Array;
  contentType?: string;
}

export interface OutgoingMessage {
  from: { address: string; name?: string };
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  attachments?: OutgoingAttachment[];
  /** Asks the recipient's client for a read receipt: Disposition-Notification-To (RFC 8098 §2.1). */
  readReceipt?: boolean;
  /** S/MIME-sign the message with this key (RFC 8551). */
  smimeSigner?: CmsSigner;
  date?: Date;
}

export interface FinishedMessage {
  raw: Buffer;
  /** With angle brackets, exactly as in the Message-ID header. */
  messageId: string;
  envelope: SmtpEnvelope;
}

function checkAddresses(addresses: readonly string[], what: string): void {
  for (const address of addresses) {
    if (!MAIL_ADDRESS_PATTERN.test(address)) throw new KysoError("BAD_REQUEST", `${what}: "${address}" is not a mail address`);
  }
}

/** RFC 5322 §3.6.4 msg-id: unique left part, the sender's domain on the right. */
export function newMessageId(fromAddress: string, now: Date = new Date()): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf("@") + 1);
  return `<kyso.${now.getTime().toString(36)}.${randomBytes(10).toString("hex")}@${domain}>`;
}

export async function composeMessage(message: OutgoingMessage): Promise<FinishedMessage> {
  const cc = message.cc ?? [];
  checkAddresses([message.from.address], "from");
  checkAddresses([...message.to, ...cc], "recipient");
  if (message.to.length + cc.length === 0) throw new KysoError("BAD_REQUEST", "a message needs at least one recipient");
  const messageId = newMessageId(message.from.address, message.date);
  const composer = new MailComposer({
    from: message.from.name !== undefined ? { name: message.from.name, address: message.from.address } : message.from.address,
    to: message.to,
    ...(cc.length > 0 ? { cc } : {}),
    subject: message.subject,
    text: message.text,
    messageId,
    date: message.date ?? new Date(),
    headers: message.readReceipt ? { "Disposition-Notification-To": message.from.address } : {},
    attachments: (message.attachments ?? []).map((attachment) => ({
      filename: attachment.filename,
      content: Buffer.from(attachment.content),
      contentType: attachment.contentType ?? "application/octet-stream",
      contentTransferEncoding: "base64",
    })),
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  let raw = await composer.compile().build();
  if (message.smimeSigner) raw = await smimeSign(raw, message.smimeSigner, message.date);
  return { raw, messageId, envelope: { from: message.from.address, to: [...message.to, ...cc] } };
}
