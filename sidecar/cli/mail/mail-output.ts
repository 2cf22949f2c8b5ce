import type { Language } from "../../../shared/protocol/error-messages.js";
import type { IncomingMessage } from "../../mail/imap/incoming.js";
import type { OutboxEntry, OutboxState } from "../../mail/outbox/outbox-entry.js";

const STATE_NAMES: Record<OutboxState, Record<Language, string>> = {
  queued: { vi: "đang chờ gửi", en: "queued" },
  sending: { vi: "đang gửi", en: "sending" },
  accepted: { vi: "đã gửi", en: "sent" },
  failed: { vi: "gửi không thành công", en: "failed" },
  "needs-review": { vi: "cần kiểm tra", en: "needs review" },
  cancelled: { vi: "đã hủy", en: "cancelled" },
};

/** One outbox entry as text: id, state, subject, recipients; then what went wrong, with the server's reply. */
export function entryLine(entry: OutboxEntry, language: Language): string {
  const vi = language === "vi";
  const lines = [`${entry.id}  ${STATE_NAMES[entry.state][language]}  "${entry.subject}"  → ${entry.envelope.to.join(", ")}`];
  lines.push(`  Message-ID: ${entry.messageId}`);
  for (const r of entry.recipients.filter((x) => x.status === "refused")) lines.push(`  ${vi ? "bị từ chối" : "refused"}: ${r.address}: ${r.reply ?? ""}`);
  if (entry.state === "queued" && entry.attempts > 0) lines.push(`  ${vi ? "gửi lại lúc" : "next attempt"}: ${entry.nextAttemptAt} (${vi ? "lần" : "attempt"} ${entry.attempts + 1})`);
  if (entry.lastError) lines.push(`  ${entry.lastError.code}: ${entry.lastError.detail}`);
  if (entry.state === "accepted") {
    const copy = entry.sentCopy;
    const where = copy.state === "done" ? `${vi ? "đã lưu vào" : "saved in"} ${copy.mailbox ?? ""}` : copy.state === "server-files" ? (vi ? "máy chủ tự lưu" : "filed by the server") : copy.state === "pending" ? (vi ? "chưa lưu, sẽ thử lại" : "not saved yet, will retry") : vi ? "không lưu được" : "could not be saved";
    lines.push(`  ${vi ? "Bản lưu Đã gửi" : "Sent copy"}: ${where}${copy.lastError ? ` (${copy.lastError.code}: ${copy.lastError.detail})` : ""}`);
  }
  return `${lines.join("\n")}\n`;
}

export function incomingLine(message: IncomingMessage, language: Language): string {
  const vi = language === "vi";
  const files = message.attachments.map((a) => `  ${a.filename}  (${vi ? "phần" : "part"} ${a.part})`).join("\n");
  return `${message.uid}  ${message.date ?? ""}  ${message.from}  "${message.subject}"${message.smimeSigned ? (vi ? "  [thư có ký số S/MIME]" : "  [S/MIME signed]") : ""}\n${files}\n`;
}
