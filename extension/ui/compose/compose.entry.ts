import { MAIL_ADDRESS_PATTERN } from "../../../shared/protocol/methods/mail.js";
import { localisePage, words } from "../page-words.js";
import { composeIdSchema, composePortName, fromComposeWindowSchema, toComposeWindowSchema, type ComposeRequest, type FromComposeWindow, type ToComposeWindow } from "../../../shared/protocol/compose.js";
import type { ErrorCode } from "../../../shared/protocol/error-codes.js";
import { connectWindowPort, type WindowPort } from "../window-port.js";
import { defaultSubject, fillBodyTemplate, parseAddressList, recipientName, searchAddressBook } from "./compose-prefill.js";
import { SmimeChoice } from "./smime-choice.js";

/** chrome.i18n message names allow only ASCII letters, digits and "_": a hyphen in a key makes Chromium refuse the whole extension. */
function messageKeyPart(value: string): string {
  return value.replace(/-/g, "_");
}

/**
 * The compose window ("Gửi thư"): prefilled from the document and policy, an address book
 * with search, Send; then the progress and the outbox state the background reports. It only
 * talks to the background (shared/protocol/compose.ts); the background talks to the sidecar.
 */
function $(selector: string): HTMLElement {
  const element = document.querySelector(selector);
  if (!(element instanceof HTMLElement)) throw new Error(`compose.html lacks ${selector}`);
  return element;
}


const form = $("#compose") as HTMLFormElement;
const field = (name: string) => $(`[name="${name}"]`) as HTMLInputElement;
let request: ComposeRequest | undefined;
let connection: WindowPort<FromComposeWindow> | undefined;
let outboxId: string | undefined;
const smime = new SmimeChoice(
  { box: field("smime"), policyNote: $("#smime-note"), keySection: $("#smime-key"), certificate: $("#certificate") as HTMLSelectElement, certificateNote: $("#certificate-note"), pin: field("pin") },
  (key, substitutions) => words(key, substitutions),
);

function addRecipient(address: string): void {
  const to = field("to");
  const current = parseAddressList(to.value);
  if (!current.includes(address)) to.value = [...current, address].join(", ");
  refreshBody();
}

function showAddressResults(): void {
  const list = $("#address-results") as HTMLUListElement;
  list.replaceChildren();
  const found = searchAddressBook(request?.addressBook ?? [], field("address-search").value);
  if (found.length === 0) {
    const empty = document.createElement("li");
    empty.className = "muted";
    empty.textContent = words("compose_addressNone");
    list.append(empty);
  }
  for (const entry of found) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.address = entry.address;
    button.textContent = `${entry.name} <${entry.address}>`;
    button.addEventListener("click", () => addRecipient(entry.address));
    item.append(button);
    list.append(item);
  }
}

/** The body follows the template until the person edits it. */
let bodyEdited = false;
function refreshBody(): void {
  if (!request || bodyEdited) return;
  const first = request.documents[0];
  const recipients = parseAddressList(field("to").value).map((a) => recipientName(request?.addressBook ?? [], a));
  ($("#body") as HTMLTextAreaElement).value = fillBodyTemplate(request.bodyTemplate, {
    recipient: recipients.join(", "),
    documentNumber: first?.documentNumber ?? "",
    title: first?.title ?? "",
    documentName: first?.name ?? "",
  });
}

function showRequest(incoming: ComposeRequest): void {
  request = incoming;
  $("#site-name").textContent = incoming.siteName ?? "";
  $("#site-origin").textContent = incoming.origin;
  if (incoming.from) {
    $("#from").textContent = incoming.from;
    ($("#from-line")).hidden = false;
  }
  field("to").value = (incoming.to ?? []).join(", ");
  field("cc").value = (incoming.cc ?? []).join(", ");
  field("subject").value = defaultSubject(incoming);
  const list = ($("#attachment-list") as HTMLUListElement);
  list.replaceChildren();
  incoming.documents.forEach((doc, index) => {
    const item = document.createElement("li");
    const label = document.createElement("label");
    label.className = "inline";
    const box = document.createElement("input");
    box.type = "checkbox";
    box.name = "attach";
    box.value = String(index);
    box.checked = true;
    label.append(box, ` ${doc.name} (${new Intl.NumberFormat(document.documentElement.lang, { style: "unit", unit: "kilobyte", maximumFractionDigits: 0 }).format(doc.sizeBytes / 1024)})`);
    item.append(label);
    list.append(item);
  });
  smime.setDefault(incoming.smime === true);
  refreshBody();
  showAddressResults();
  ($("#connection-status")).hidden = true;
  form.hidden = false;
}

function formError(text: string | undefined): void {
  const element = ($("#form-error"));
  element.textContent = text ?? "";
  element.hidden = text === undefined;
}

function errorText(code: ErrorCode, detail?: string): string {
  return `${words(`error_${code}`) || code}${detail ? ` (${detail})` : ""}`;
}

function showStatus(message: ToComposeWindow): void {
  const status = ($("#status"));
  status.hidden = false;
  if (message.type === "compose.progress") {
    ($("#progress") as HTMLProgressElement).value = ["attaching", "queued", "sending", "done"].indexOf(message.stage);
    $("#stage").textContent = words(`compose_stage_${message.stage}`);
  } else if (message.type === "compose.outbox") {
    const { entry } = message;
    outboxId = entry.id;
    ($("#progress") as HTMLProgressElement).value = 3;
    const state = ($("#outbox-state"));
    state.dataset.state = entry.state;
    state.textContent = words(`compose_state_${messageKeyPart(entry.state)}`);
    const details = [
      ...(entry.state === "accepted" ? [words(`compose_sentCopy_${messageKeyPart(entry.sentCopy)}`)] : []),
      ...entry.refused.map((r) => words("compose_refused", `${r.address}${r.reply ? ` — ${r.reply}` : ""}`)),
      ...(entry.error ? [errorText(entry.error.code, entry.error.detail)] : []),
    ];
    $("#outbox-detail").textContent = details.join(" ");
    ($('button[name="retry"]') as HTMLButtonElement).hidden = !(entry.state === "failed" || entry.state === "needs-review");
    ($('button[name="close"]') as HTMLButtonElement).hidden = false;
  } else if (message.type === "compose.error") {
    ($("#outbox-state")).textContent = errorText(message.code, message.detail);
    ($('button[name="close"]') as HTMLButtonElement).hidden = false;
    form.hidden = false;
    field("send").disabled = false;
  }
}

function send(event: SubmitEvent): void {
  event.preventDefault();
  const to = parseAddressList(field("to").value);
  const cc = parseAddressList(field("cc").value);
  const bad = [...to, ...cc].find((a) => !MAIL_ADDRESS_PATTERN.test(a));
  if (bad !== undefined) return formError(words("compose_badAddress", bad));
  if (to.length === 0) return formError(words("compose_needRecipient"));
  const subject = field("subject").value.trim();
  if (subject === "") return formError(words("compose_needSubject"));
  const signing = smime.read();
  if ("problem" in signing) return formError(signing.problem);
  formError(undefined);
  const attach = [...document.querySelectorAll<HTMLInputElement>('input[name="attach"]:checked')].map((box) => Number(box.value));
  field("send").disabled = true;
  form.hidden = true;
  connection?.send({ type: "compose.send", to, cc, subject, text: ($("#body") as HTMLTextAreaElement).value, attach, readReceipt: field("read-receipt").checked, ...signing });
  smime.clearPin();
}

function start(): void {
  localisePage();
  const id = composeIdSchema.safeParse(new URLSearchParams(location.search).get("id"));
  if (!id.success) {
    $("#connection-status").textContent = words("compose_badLink");
    return;
  }
  connection = connectWindowPort(composePortName(id.data), { incoming: toComposeWindowSchema, outgoing: fromComposeWindowSchema }, {
    onMessage(message) {
      if (message.type === "compose.init") showRequest(message.request);
      else if (message.type === "compose.certificates") smime.showCertificates(message.certificates, message.code);
      else showStatus(message);
    },
    onDisconnect() {
      const status = ($("#connection-status"));
      status.hidden = false;
      status.textContent = words("compose_disconnected");
    },
  });
  form.addEventListener("submit", send);
  field("address-search").addEventListener("input", showAddressResults);
  field("to").addEventListener("change", refreshBody);
  $("#body").addEventListener("input", () => {
    bodyEdited = true;
  });
  field("cancel").addEventListener("click", () => {
    connection?.send({ type: "compose.cancel" });
    window.close();
  });
  field("close").addEventListener("click", () => window.close());
  field("retry").addEventListener("click", () => {
    if (outboxId !== undefined) connection?.send({ type: "compose.retry", outboxId });
  });
}

start();
