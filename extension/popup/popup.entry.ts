import browser from "webextension-polyfill";
import { localisePage, words } from "../ui/page-words.js";
import { POPUP_PORT_NAME, toPopupSchema, type FromPopup, type ToPopup } from "../../shared/protocol/popup.js";
import { MailSections } from "./mail-sections.js";
import { activityLine, certificateLine, sidecarLines, unavailableLines } from "./popup-lines.js";

/**
 * The toolbar popup: is kyso on this computer reachable (and if not, how to fix it), which
 * tokens and certificates are there, the latest signatures and mails from the audit log, the
 * outbox and the incoming PDFs with their verification badges (mail-sections.ts), and links to
 * verify a PDF and to the settings. Everything comes from the background over one
 * `popup` port (background/popup-route.ts); the popup never opens a native port itself.
 */
const byId = (id: string) => document.getElementById(id)!;
let port: browser.Runtime.Port | undefined;
const mail = new MailSections(words, (message: FromPopup) => port?.postMessage(message));

function localise(): void {
  localisePage();
  byId("extension-version").textContent = words("popup_extensionVersion", [browser.runtime.getManifest().version]);
}

function fill(list: HTMLElement, texts: string[]): void {
  list.replaceChildren(...texts.map((text) => Object.assign(document.createElement("li"), { textContent: text })));
}

/** One list entry: a bold first line, then detail lines; data attributes for the styling. */
function entry(lines: { title: string; details: string[]; className?: string }, data: Record<string, string>): HTMLLIElement {
  const item = document.createElement("li");
  Object.assign(item.dataset, data);
  const title = Object.assign(document.createElement("div"), { className: "title", textContent: lines.title });
  item.append(title, ...lines.details.map((text, index) => Object.assign(document.createElement("div"), { className: index === 0 && lines.className ? `detail ${lines.className}` : "detail", textContent: text })));
  return item;
}

function note(id: string, text: string | undefined): void {
  const element = byId(id);
  element.hidden = text === undefined;
  element.textContent = text ?? "";
}

function show(message: ToPopup): void {
  switch (message.type) {
    case "popup.status": {
      const lines = sidecarLines(message.sidecar, words);
      const status = byId("sidecar-status");
      status.dataset.state = lines.state;
      status.textContent = lines.status;
      fill(byId("sidecar-hints"), lines.hints);
      const waiting = lines.state === "connected" ? words("popup_loading") : words("popup_waitingForSidecar");
      note("certificates-note", waiting);
      note("activity-note", waiting);
      // data-loaded says the list is the sidecar's answer (for automation), not what was there before.
      for (const list of [byId("certificates"), byId("activity")]) delete list.dataset.loaded;
      if (lines.state !== "connected") {
        byId("certificates").replaceChildren();
        byId("activity").replaceChildren();
      }
      mail.reset(waiting, lines.state === "connected");
      return;
    }
    case "popup.keys": {
      const now = new Date();
      const lines = message.certificates.map((certificate) => certificateLine(certificate, now, words));
      byId("certificates").replaceChildren(...lines.map((line) => entry({ title: line.holder, details: [line.validity, line.source], className: "validity" }, { mark: line.mark })));
      byId("certificates").dataset.loaded = "true";
      fill(byId("certificates-unavailable"), unavailableLines(message, words));
      note("certificates-note", lines.length === 0 ? words("popup_certificatesNone") : undefined);
      return;
    }
    case "popup.audit": {
      const lines = message.records.map((record) => activityLine(record, words));
      byId("activity").replaceChildren(...lines.map((line) => entry({ title: line.document, details: [`${line.what} · ${line.outcome}`, `${line.when} · ${line.site}`] }, { ok: String(line.ok) })));
      byId("activity").dataset.loaded = "true";
      note("activity-note", lines.length === 0 ? words("popup_activityNone") : undefined);
      return;
    }
    case "popup.outbox":
      return mail.showOutbox(message.entries);
    case "popup.inbox":
      return mail.showIncoming(message.messages);
    case "popup.attachment":
      return mail.showAttachment(message);
    case "popup.error":
      if (message.part === "outbox" || message.part === "inbox") return mail.showError(message.part, words("popup_partFailed", [words(`error_${message.code}`) || message.code]));
      byId(message.part === "keys" ? "certificates" : "activity").dataset.loaded = "error";
      note(message.part === "keys" ? "certificates-note" : "activity-note", words("popup_partFailed", [words(`error_${message.code}`) || message.code]));
      return;
  }
}

function start(): void {
  localise();
  const connected = browser.runtime.connect({ name: POPUP_PORT_NAME });
  port = connected;
  connected.onMessage.addListener((message: unknown) => {
    const parsed = toPopupSchema.safeParse(message);
    if (parsed.success) show(parsed.data);
  });
  byId("refresh").addEventListener("click", () => {
    const checking = byId("sidecar-status");
    checking.dataset.state = "checking";
    checking.textContent = words("popup_sidecarChecking");
    connected.postMessage({ type: "popup.refresh" } satisfies FromPopup);
  });
  // An extension page opened from the popup: a tab of its own (the popup closes on the click).
  byId("options-link").addEventListener("click", (event) => {
    event.preventDefault();
    void browser.runtime.openOptionsPage().then(() => window.close());
  });
}

start();
