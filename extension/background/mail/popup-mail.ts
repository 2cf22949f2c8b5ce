import browser from "webextension-polyfill";
import { errorCodeOf } from "../../../shared/protocol/kyso-error.js";
import type { OutboxEntry } from "../../../shared/protocol/methods/mail.js";
import { POPUP_AUTO_VERIFIED_ATTACHMENTS, POPUP_RECENT_INCOMING, POPUP_RECENT_OUTBOX, type PopupAttachmentRef, type PopupOutboxEntry, type ToPopup } from "../../../shared/protocol/popup.js";
import type { SidecarConnection } from "../sidecar-connection.js";
import { outboxView } from "./compose-route.js";
import { verifyIncomingAttachment } from "./incoming-attachments.js";

/**
 * The mail parts of the toolbar popup (issue 8): the outbox with each message's state and the
 * server's reply, Retry / Cancel by the person (mail.outbox, as `kyso mail outbox --retry`), and
 * the recent incoming messages with PDFs (mail.inbox, BODYSTRUCTURE only) with a verification
 * badge per attachment — the first few verified at once, any other on a click.
 */
export interface PopupMailContext {
  sidecar: SidecarConnection;
  post(message: ToPopup): void;
  signal: AbortSignal;
}

/** The newest messages first, as the popup lists them. */
export function recentOutbox(entries: readonly OutboxEntry[]): PopupOutboxEntry[] {
  return [...entries]
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, POPUP_RECENT_OUTBOX)
    .map((entry) => ({
      ...outboxView(entry),
      subject: entry.subject.slice(0, 998),
      to: entry.envelope.to.slice(0, 100),
      updatedAt: entry.updatedAt,
      ...(entry.smtpReply !== undefined ? { smtpReply: entry.smtpReply.slice(0, 4096) } : {}),
    }));
}

export async function postOutbox(context: PopupMailContext): Promise<void> {
  try {
    const { entries } = await context.sidecar.request("mail.outbox", { action: "list" }, { signal: context.signal });
    context.post({ type: "popup.outbox", entries: recentOutbox(entries) });
  } catch (error) {
    context.post({ type: "popup.error", part: "outbox", code: errorCodeOf(error) });
  }
}

/**
 * Retry or cancel, then the whole list again. A retry works the message for up to 30 s in the
 * host; the audit log names the extension as where the decision came from.
 */
export async function decideOutbox(context: PopupMailContext, decision: { action: "retry" | "cancel"; id: string }): Promise<void> {
  try {
    await context.sidecar.request("mail.outbox", { ...decision, origin: new URL(browser.runtime.getURL("")).origin }, { signal: context.signal });
  } catch (error) {
    context.post({ type: "popup.error", part: "outbox", code: errorCodeOf(error) });
  }
  await postOutbox(context);
}

export async function verifyAttachment(context: PopupMailContext, attachment: PopupAttachmentRef): Promise<void> {
  context.post({ type: "popup.attachment", attachment, state: "verifying" });
  try {
    const { report } = await verifyIncomingAttachment(attachment, context.sidecar);
    context.post({ type: "popup.attachment", attachment, state: "done", indication: report.indication, signatures: report.signatures.length });
  } catch (error) {
    context.post({ type: "popup.attachment", attachment, state: "error", code: errorCodeOf(error) });
  }
}

/** The incoming list, then the first attachments verified one after the other (one download at a time). */
export async function postInbox(context: PopupMailContext): Promise<void> {
  let attachments: PopupAttachmentRef[];
  try {
    const { messages } = await context.sidecar.request("mail.inbox", { limit: POPUP_RECENT_INCOMING }, { signal: context.signal });
    context.post({ type: "popup.inbox", messages });
    attachments = messages.flatMap((message) => message.attachments.map((attachment) => ({ uid: message.uid, part: attachment.part })));
  } catch (error) {
    context.post({ type: "popup.error", part: "inbox", code: errorCodeOf(error) });
    return;
  }
  for (const attachment of attachments.slice(0, POPUP_AUTO_VERIFIED_ATTACHMENTS)) {
    if (context.signal.aborted) return;
    await verifyAttachment(context, attachment);
  }
}
