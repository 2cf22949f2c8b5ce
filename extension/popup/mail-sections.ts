import browser from "webextension-polyfill";
import type { IncomingMessage } from "../../shared/protocol/methods/mail.js";
import type { FromPopup, PopupAttachmentRef, PopupAttachmentState, PopupOutboxEntry } from "../../shared/protocol/popup.js";
import type { Words } from "../ui/confirm/certificate-label.js";
import { attachmentBadge, incomingLine, outboxLine } from "./mail-lines.js";

/**
 * The popup's outbox and incoming lists (DOM). Hooks for automation: `#outbox li[data-state]`
 * with `button[name=retry]` / `button[name=cancel]`; `#incoming button[data-badge]` per PDF,
 * whose click verifies it, or, once verified, opens the full report in a tab.
 */
const byId = (id: string) => document.getElementById(id)!;
const div = (className: string, text: string) => Object.assign(document.createElement("div"), { className, textContent: text });
const attachmentKey = (attachment: PopupAttachmentRef) => `${attachment.uid}/${attachment.part}`;

export class MailSections {
  /** The badges' last known states, so that a re-listed inbox keeps its verdicts. */
  private readonly verdicts = new Map<string, Omit<PopupAttachmentState, "attachment">>();

  constructor(
    private readonly words: Words,
    private readonly send: (message: FromPopup) => void,
  ) {}

  showOutbox(entries: PopupOutboxEntry[]): void {
    const list = byId("outbox");
    list.replaceChildren(...entries.map((entry) => this.outboxItem(entry)));
    list.dataset.loaded = "true";
    this.note("outbox-note", entries.length === 0 ? this.words("popup_outboxNone") : undefined);
  }

  private outboxItem(entry: PopupOutboxEntry): HTMLLIElement {
    const line = outboxLine(entry, this.words);
    const item = document.createElement("li");
    Object.assign(item.dataset, { state: entry.state, outboxId: entry.id });
    item.append(div("title", line.subject), div("detail state", line.stateText), div("detail", line.recipients), ...line.problems.map((text) => div("detail problem", text)));
    const actions = document.createElement("div");
    actions.className = "actions";
    const button = (name: "retry" | "cancel", text: string) => {
      const element = Object.assign(document.createElement("button"), { type: "button", name, textContent: text });
      element.addEventListener("click", () => {
        // Shown at once: a retry works the message for up to 30 s before the list comes back.
        for (const other of actions.querySelectorAll("button")) other.disabled = true;
        item.dataset.state = name === "retry" ? "sending" : entry.state;
        item.querySelector(".state")!.textContent = this.words(name === "retry" ? "popup_outboxState_sending" : `popup_outboxState_${entry.state.replace(/-/g, "_")}`);
        this.send({ type: name === "retry" ? "popup.outbox.retry" : "popup.outbox.cancel", id: entry.id });
      });
      return element;
    };
    if (line.canRetry) actions.append(button("retry", this.words("popup_outboxRetry")));
    if (line.canCancel) actions.append(button("cancel", this.words("popup_outboxCancel")));
    if (actions.childElementCount > 0) item.append(actions);
    return item;
  }

  showIncoming(messages: IncomingMessage[]): void {
    const list = byId("incoming");
    list.replaceChildren(...messages.map((message) => this.incomingItem(message)));
    list.dataset.loaded = "true";
    this.note("incoming-note", messages.length === 0 ? this.words("popup_incomingNone") : undefined);
  }

  private incomingItem(message: IncomingMessage): HTMLLIElement {
    const line = incomingLine(message, this.words);
    const item = document.createElement("li");
    item.dataset.uid = String(message.uid);
    item.append(div("title", line.subject), div("detail", line.origin));
    const files = document.createElement("ul");
    files.className = "attachments";
    for (const attachment of message.attachments) {
      const ref = { uid: message.uid, part: attachment.part };
      const row = document.createElement("li");
      const badge = Object.assign(document.createElement("button"), { type: "button", className: "badge" });
      Object.assign(badge.dataset, { uid: String(ref.uid), part: ref.part });
      badge.addEventListener("click", () => this.badgeClicked(ref));
      row.append(Object.assign(document.createElement("span"), { className: "file-name", textContent: attachment.filename }), badge);
      files.append(row);
      this.paintBadge(badge, this.verdicts.get(attachmentKey(ref)));
    }
    item.append(files);
    return item;
  }

  showAttachment(state: PopupAttachmentState): void {
    const { attachment, ...verdict } = state;
    this.verdicts.set(attachmentKey(attachment), verdict);
    const badge = document.querySelector<HTMLButtonElement>(`#incoming button.badge[data-uid="${attachment.uid}"][data-part="${CSS.escape(attachment.part)}"]`);
    if (badge) this.paintBadge(badge, verdict);
  }

  private paintBadge(badge: HTMLButtonElement, verdict: Omit<PopupAttachmentState, "attachment"> | undefined): void {
    const shown = attachmentBadge(verdict, this.words);
    badge.dataset.badge = shown.state;
    badge.textContent = shown.text;
    badge.disabled = shown.state === "verifying";
  }

  private badgeClicked(attachment: PopupAttachmentRef): void {
    const verdict = this.verdicts.get(attachmentKey(attachment));
    if (verdict?.state === "done") {
      const query = new URLSearchParams({ uid: String(attachment.uid), part: attachment.part });
      void browser.tabs.create({ url: browser.runtime.getURL(`popup/attachment-report.html?${query.toString()}`) });
      return;
    }
    this.send({ type: "popup.attachment.verify", attachment });
  }

  showError(part: "outbox" | "inbox", text: string): void {
    const list = byId(part === "outbox" ? "outbox" : "incoming");
    list.dataset.loaded = "error";
    this.note(part === "outbox" ? "outbox-note" : "incoming-note", text);
  }

  /** Before the sidecar's answers: waiting, or nothing to show when it is not reachable. */
  reset(waiting: string, connected: boolean): void {
    for (const id of ["outbox", "incoming"]) {
      delete byId(id).dataset.loaded;
      if (!connected) byId(id).replaceChildren();
    }
    this.note("outbox-note", waiting);
    this.note("incoming-note", waiting);
  }

  private note(id: string, text: string | undefined): void {
    const element = byId(id);
    element.hidden = text === undefined;
    element.textContent = text ?? "";
  }
}
