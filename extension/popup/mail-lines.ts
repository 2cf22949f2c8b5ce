import type { IncomingMessage, OutboxState } from "../../shared/protocol/methods/mail.js";
import type { PopupAttachmentState, PopupOutboxEntry } from "../../shared/protocol/popup.js";
import type { Words } from "../ui/confirm/certificate-label.js";
import { vietnameseTime } from "./popup-lines.js";

/**
 * What the popup's mail parts say (issue 8): each outbox message with its state in the words
 * staff use (đang gửi / đã gửi / lỗi / cần kiểm tra) and the server's reply when it failed, and
 * each incoming PDF with its verification badge (hợp lệ / không hợp lệ / chưa xác định). Kept
 * apart from the DOM so the words are tested without a browser; every string from a server or
 * a message ends up in textContent.
 */

/** chrome.i18n names allow only ASCII letters, digits and "_". */
const keyPart = (value: string) => value.replace(/-/g, "_");

export interface OutboxLine {
  subject: string;
  state: OutboxState;
  stateText: string;
  /** "to a@b, c@d · 15/03/2026 10:00" */
  recipients: string;
  /** Why it failed or needs a look: refused recipients with the server's reply, then the error. */
  problems: string[];
  /** The person may send it again or give it up. */
  canRetry: boolean;
  canCancel: boolean;
}

/** The server's reply to the failure, unless a refused recipient's line already says it. */
function errorDetail(entry: PopupOutboxEntry): string {
  const detail = entry.error?.detail;
  if (!detail || entry.refused.some((refused) => refused.reply?.includes(detail))) return "";
  return ` (${detail})`;
}

export function outboxLine(entry: PopupOutboxEntry, words: Words): OutboxLine {
  const undecided = entry.state === "failed" || entry.state === "needs-review";
  const problems = [
    ...entry.refused.map((refused) => words("popup_outboxRefused", [`${refused.address}${refused.reply ? ` — ${refused.reply}` : ""}`])),
    ...(entry.error ? [`${words(`error_${entry.error.code}`) || entry.error.code}${errorDetail(entry)}`] : []),
  ];
  return {
    subject: entry.subject.trim() === "" ? words("popup_outboxNoSubject") : entry.subject,
    state: entry.state,
    stateText: words(`popup_outboxState_${keyPart(entry.state)}`),
    recipients: `${words("popup_outboxTo", [entry.to.join(", ")])} · ${vietnameseTime(entry.updatedAt)}`,
    problems: entry.state === "accepted" && entry.refused.length === 0 ? [] : problems,
    canRetry: undecided,
    canCancel: undecided,
  };
}

export interface IncomingLine {
  subject: string;
  /** "Sở Tư pháp <vanthu@sotp.test> · 15/03/2026 10:00", with "ký S/MIME" when the message is signed. */
  origin: string;
}

export function incomingLine(message: IncomingMessage, words: Words): IncomingLine {
  const parts = [message.from, ...(message.date ? [vietnameseTime(message.date)] : []), ...(message.smimeSigned ? [words("popup_incomingSmime")] : [])];
  return { subject: message.subject.trim() === "" ? words("popup_outboxNoSubject") : message.subject, origin: parts.join(" · ") };
}

/** data-badge values: the verdict, or what is happening instead. */
export type BadgeState = "unverified" | "verifying" | "passed" | "failed" | "indeterminate" | "unsigned" | "error";

export interface AttachmentBadge {
  state: BadgeState;
  text: string;
}

export function attachmentBadge(state: Omit<PopupAttachmentState, "attachment"> | undefined, words: Words): AttachmentBadge {
  if (!state) return { state: "unverified", text: words("popup_badgeVerify") };
  if (state.state === "verifying") return { state: "verifying", text: words("popup_badgeVerifying") };
  if (state.state === "error") return { state: "error", text: words("popup_badgeError", [words(`error_${state.code ?? "INTERNAL_ERROR"}`) || (state.code ?? "")]) };
  if (state.signatures === 0) return { state: "unsigned", text: words("popup_badgeUnsigned") };
  switch (state.indication) {
    case "TOTAL_PASSED":
      return { state: "passed", text: words("popup_badgePassed") };
    case "TOTAL_FAILED":
      return { state: "failed", text: words("popup_badgeFailed") };
    default:
      return { state: "indeterminate", text: words("popup_badgeIndeterminate") };
  }
}
