import { describe, expect, it } from "vitest";
import type { IncomingMessage } from "../../shared/protocol/methods/mail.js";
import { toPopupSchema, type PopupOutboxEntry } from "../../shared/protocol/popup.js";
import type { Words } from "../ui/confirm/certificate-label.js";
import { attachmentBadge, incomingLine, outboxLine } from "./mail-lines.js";
import { wordsOf } from "./message-file-words.js";

const en = wordsOf("en");
const vi = wordsOf("vi");
const withErrorWords: Words = (key, substitutions) => (key === "error_MAIL_RECIPIENT_REFUSED" ? "Người nhận bị máy chủ từ chối" : vi(key, substitutions));

function entry(change: Partial<PopupOutboxEntry>): PopupOutboxEntry {
  return { id: "0abc1234-ff", state: "accepted", sentCopy: "done", refused: [], subject: "Công văn 45/UBND-VP", to: ["vanthu@sotp.test"], updatedAt: "2026-03-15T03:00:00Z", ...change };
}

describe("popup outbox lines", () => {
  it("names each state in the words staff use, Vietnamese first: đang gửi / đã gửi / lỗi / cần kiểm tra", () => {
    expect(outboxLine(entry({ state: "sending" }), vi).stateText).toBe("đang gửi");
    expect(outboxLine(entry({ state: "accepted" }), vi).stateText).toBe("đã gửi");
    expect(outboxLine(entry({ state: "failed" }), vi).stateText).toBe("lỗi");
    expect(outboxLine(entry({ state: "needs-review" }), vi).stateText).toBe("cần kiểm tra");
    expect(outboxLine(entry({ state: "needs-review" }), en).stateText).toBe("needs review");
    expect(outboxLine(entry({ state: "accepted" }), en)).toMatchObject({ stateText: "sent", recipients: "to vanthu@sotp.test · 15/03/2026 10:00", problems: [], canRetry: false, canCancel: false });
  });

  it("shows a failure's server reply per refused recipient and the error in words (the reply once), and offers Retry and Cancel", () => {
    const failed = entry({
      state: "failed",
      refused: [{ address: "khong-co@sotp.test", reply: "550 5.1.1 <khong-co@sotp.test>: Recipient address rejected" }],
      error: { code: "MAIL_RECIPIENT_REFUSED", detail: "550 5.1.1" },
    });
    expect(outboxLine(failed, withErrorWords)).toMatchObject({
      stateText: "lỗi",
      problems: ["Bị từ chối: khong-co@sotp.test — 550 5.1.1 <khong-co@sotp.test>: Recipient address rejected", "Người nhận bị máy chủ từ chối"],
      canRetry: true,
      canCancel: true,
    });
    expect(outboxLine(entry({ state: "failed", error: { code: "MAIL_SERVER_UNREACHABLE", detail: "connect ECONNREFUSED 127.0.0.1:587" } }), en).problems).toEqual(["MAIL_SERVER_UNREACHABLE (connect ECONNREFUSED 127.0.0.1:587)"]);
    expect(outboxLine(entry({ state: "needs-review" }), vi)).toMatchObject({ canRetry: true, canCancel: true });
    expect(outboxLine(entry({ state: "cancelled" }), vi)).toMatchObject({ stateText: "đã hủy", canRetry: false });
  });

  it("every outbox state and badge has words in both languages", () => {
    for (const words of [vi, en]) {
      for (const state of ["queued", "sending", "accepted", "failed", "needs-review", "cancelled"] as const) expect(outboxLine(entry({ state }), words).stateText).not.toMatch(/missing/);
      for (const indication of ["TOTAL_PASSED", "TOTAL_FAILED", "INDETERMINATE"] as const) expect(attachmentBadge({ state: "done", indication, signatures: 1 }, words).text).not.toMatch(/missing/);
    }
  });
});

describe("popup incoming lines and badges", () => {
  const message: IncomingMessage = { uid: 7, subject: "Văn bản đến 12/STP", from: "Sở Tư pháp <vanthu@sotp.test>", date: "2026-03-15T03:00:00.000Z", smimeSigned: true, attachments: [{ part: "2", filename: "quyet-dinh.pdf", encodedSize: 1000 }] };

  it("says who sent it, when, and that the mail itself is S/MIME-signed", () => {
    expect(incomingLine(message, vi)).toEqual({ subject: "Văn bản đến 12/STP", origin: "Sở Tư pháp <vanthu@sotp.test> · 15/03/2026 10:00 · thư có ký số S/MIME" });
    expect(toPopupSchema.safeParse({ type: "popup.inbox", messages: [message] }).success).toBe(true);
  });

  it("badges a verdict as hợp lệ / không hợp lệ / chưa xác định (valid / invalid / indeterminate), a PDF without signatures apart", () => {
    expect(attachmentBadge(undefined, vi)).toEqual({ state: "unverified", text: "Kiểm tra chữ ký" });
    expect(attachmentBadge({ state: "verifying" }, vi).state).toBe("verifying");
    expect(attachmentBadge({ state: "done", indication: "TOTAL_PASSED", signatures: 1 }, vi)).toEqual({ state: "passed", text: "hợp lệ" });
    expect(attachmentBadge({ state: "done", indication: "TOTAL_FAILED", signatures: 2 }, vi)).toEqual({ state: "failed", text: "không hợp lệ" });
    expect(attachmentBadge({ state: "done", indication: "INDETERMINATE", signatures: 1 }, vi)).toEqual({ state: "indeterminate", text: "chưa xác định" });
    expect(attachmentBadge({ state: "done", indication: "INDETERMINATE", signatures: 1 }, en).text).toBe("indeterminate");
    expect(attachmentBadge({ state: "done", indication: "TOTAL_FAILED", signatures: 0 }, en)).toEqual({ state: "unsigned", text: "not signed" });
    expect(attachmentBadge({ state: "error", code: "MAIL_ATTACHMENT_TOO_LARGE" }, en)).toEqual({ state: "error", text: "could not verify: MAIL_ATTACHMENT_TOO_LARGE" });
  });
});
