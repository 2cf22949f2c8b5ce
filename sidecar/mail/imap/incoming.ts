import type { FetchMessageObject, MessageStructureObject } from "imapflow";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { IncomingMessage, PdfAttachmentInfo } from "../../../shared/protocol/methods/mail.js";
import { withImap, type ImapConnectOptions } from "./imap-session.js";

/**
 * Incoming official mail with PDF attachments (văn bản đến), listed from ENVELOPE and
 * BODYSTRUCTURE only (RFC 3501 §6.4.5) — no body is downloaded until the user opens one
 * attachment. S/MIME-signed messages are walked too: the PDFs sit inside multipart/signed.
 */

export type { IncomingMessage, PdfAttachmentInfo };

function filenameOf(node: MessageStructureObject): string | undefined {
  return node.dispositionParameters?.filename ?? node.parameters?.name;
}

function isPdf(node: MessageStructureObject): boolean {
  const name = filenameOf(node)?.toLowerCase();
  return node.type === "application/pdf" || ((node.type === "application/octet-stream" || node.type === "binary/octet-stream") && name?.endsWith(".pdf") === true);
}

function pdfPartsOf(node: MessageStructureObject): PdfAttachmentInfo[] {
  if (node.childNodes) return node.childNodes.flatMap(pdfPartsOf);
  if (!isPdf(node)) return [];
  return [{ part: node.part ?? "1", filename: filenameOf(node) ?? "tep-dinh-kem.pdf", encodedSize: node.size ?? 0 }];
}

function toIncoming(message: FetchMessageObject): IncomingMessage | undefined {
  if (!message.bodyStructure) return undefined;
  const attachments = pdfPartsOf(message.bodyStructure);
  if (attachments.length === 0) return undefined;
  const envelope = message.envelope;
  const sender = envelope?.from?.[0];
  return {
    uid: message.uid,
    ...(envelope?.messageId !== undefined ? { messageId: envelope.messageId } : {}),
    subject: envelope?.subject ?? "",
    from: sender ? (sender.name ? `${sender.name} <${sender.address ?? ""}>` : (sender.address ?? "")) : "",
    ...(envelope?.date !== undefined ? { date: new Date(envelope.date).toISOString() } : {}),
    smimeSigned: message.bodyStructure.type === "multipart/signed",
    attachments,
  };
}

/** The most recent `limit` INBOX messages (by sequence number) that carry at least one PDF, newest first. */
export async function listIncomingPdfMail(options: ImapConnectOptions & { limit?: number; mailbox?: string }): Promise<IncomingMessage[]> {
  const limit = options.limit ?? 50;
  return withImap(options, async (client) => {
    const lock = await client.getMailboxLock(options.mailbox ?? "INBOX", { readOnly: true });
    try {
      const exists = client.mailbox === false ? 0 : client.mailbox.exists;
      if (exists === 0) return [];
      // One FETCH for the whole range, collected at once: imapflow's per-message async
      // iteration cost more than the parsing (bench/mail-bench.ts measures both).
      const fetched = await client.fetchAll(`${Math.max(1, exists - limit + 1)}:*`, { uid: true, envelope: true, bodyStructure: true });
      const found: IncomingMessage[] = [];
      for (const message of fetched) {
        const incoming = toIncoming(message);
        if (incoming) found.push(incoming);
      }
      return found.reverse();
    } finally {
      lock.release();
    }
  });
}

/** Downloads one attachment (decoded), refusing more than maxBytes. */
export async function downloadAttachment(options: ImapConnectOptions & { uid: number; part: string; maxBytes?: number; mailbox?: string }): Promise<{ filename: string; content: Buffer }> {
  const maxBytes = options.maxBytes ?? 100 * 1024 * 1024;
  return withImap(options, async (client) => {
    const lock = await client.getMailboxLock(options.mailbox ?? "INBOX", { readOnly: true });
    try {
      const download = await client.download(String(options.uid), options.part, { uid: true, maxBytes });
      if (!download.content) throw new KysoError("FILE_NOT_FOUND", `message ${options.uid} has no part ${options.part}`);
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of download.content) {
        const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        size += bytes.length;
        if (size > maxBytes) throw new KysoError("MAIL_ATTACHMENT_TOO_LARGE", `more than ${maxBytes} bytes`);
        chunks.push(bytes);
      }
      return { filename: download.meta.filename ?? "tep-dinh-kem.pdf", content: Buffer.concat(chunks) };
    } finally {
      lock.release();
    }
  });
}
