/**
 * The confirmation window (ARCHITECTURE.md security rules 1, 2, 4): an extension page in a
 * window of its own, which the requesting page cannot script. It shows who asks, what will be
 * signed and where the stamp goes, takes the certificate choice and the PIN, and reports the
 * outcome. It talks only to the background, over the port of contract §2.
 */
import {
  confirmationIdSchema,
  confirmPortName,
  fromConfirmWindowSchema,
  toConfirmWindowSchema,
  type ConfirmDocument,
  type ConfirmRequestBody,
  type FromConfirmWindow,
  type ToConfirmWindow,
} from "../../../shared/protocol/confirmation.js";
import { closeConfirmationWindow } from "./close-window.js";
import { connectWindowPort, type WindowPort } from "../window-port.js";
import { DecisionForm } from "./decision-form.js";
import { DocumentTable } from "./document-table.js";
import { PreviewPane } from "./preview-pane.js";
import { showResult } from "./result-view.js";
import { localisePage, words } from "../page-words.js";
import { errorWords } from "./window-words.js";

/** Long enough to read "signed", short enough not to be in the way of the next task. */
const CLOSE_AFTER_SUCCESS_MS = 4000;

/** An element of confirm.html, of the type the code expects (a renamed id fails loudly here, not later). */
function byId<T extends HTMLElement = HTMLElement>(id: string, type: new () => T = HTMLElement as new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`confirm.html has no ${type.name} #${id}`);
  return element;
}
const button = (name: string) => document.querySelector<HTMLButtonElement>(`button[name="${name}"]`)!;

interface ShownRequest {
  form: DecisionForm;
  table: DocumentTable;
  preview: PreviewPane;
  documents: readonly ConfirmDocument[];
}

function fatal(message: string): void {
  byId("connection-status").hidden = true;
  byId("confirmation").hidden = true;
  byId("fatal").hidden = false;
  byId("fatal-message").textContent = message;
  button("close-fatal").focus();
}

function showRequest(request: ConfirmRequestBody, connection: WindowPort<FromConfirmWindow>): ShownRequest {
  byId("connection-status").hidden = true;
  byId("confirmation").hidden = false;
  byId("site-name").textContent = request.siteName || words("confirm_siteUnnamed");
  byId("site-origin").textContent = request.origin;
  byId("profile-name").textContent = words(`confirm_profile_${request.profile}`);
  // The frame on the page says what will be drawn there.
  byId("stamp").textContent = words(`confirm_profile_${request.profile}`);
  byId("profile-name").dataset.profile = request.profile;
  byId("documents-heading").textContent = words("confirm_documentsHeading", [String(request.documents.length)]);

  const preview = new PreviewPane(
    {
      canvas: byId("page-canvas", HTMLCanvasElement),
      stamp: byId("stamp"),
      documentName: byId("preview-document"),
      pageLabel: byId("page-label"),
      previousPage: button("previous-page"),
      nextPage: button("next-page"),
      status: byId("preview-status"),
    },
    request.documents,
  );
  const previewDocument = (document: ConfirmDocument) => {
    table.select(document.index);
    void preview.show(document);
  };
  const table = new DocumentTable(byId("document-rows", HTMLTableSectionElement), request.documents, previewDocument);
  const form = new DecisionForm(
    {
      form: byId("decision", HTMLFormElement),
      certificate: byId("certificate", HTMLSelectElement),
      certificateNone: byId("certificate-none"),
      pinEntry: byId("pin-entry"),
      pin: byId("pin", HTMLInputElement),
      pinPad: byId("pin-pad"),
      phoneWaiting: byId("phone-waiting"),
      phoneApproval: byId("phone-approval"),
      phoneCode: byId("phone-code"),
      phoneProvider: byId("phone-provider"),
      problem: byId("problem"),
      problemMessage: byId("problem-message"),
      problemRetries: byId("problem-retries"),
      progress: byId("progress"),
      progressBar: byId("progress-bar", HTMLProgressElement),
      progressText: byId("progress-text"),
      progressCurrent: byId("progress-current"),
      confirm: button("confirm"),
      cancel: button("cancel"),
    },
    request,
    (decision) => {
      preview.lock();
      // The PIN goes into this one message and nowhere else: not the DOM, not a variable that outlives this call.
      connection.send({ type: "confirm.decide", certificateId: decision.certificateId, ...(decision.pin ? { pin: decision.pin } : {}), placements: preview.placements() });
    },
  );
  previewDocument(request.documents[0]!);
  form.focusFirst();
  return { form, table, preview, documents: request.documents };
}

function main(): void {
  localisePage();
  const parsedId = confirmationIdSchema.safeParse(new URLSearchParams(location.search).get("id"));
  button("close-fatal").addEventListener("click", () => void closeConfirmationWindow());
  if (!parsedId.success) {
    fatal(words("confirm_badLink"));
    return;
  }

  let shown: ShownRequest | undefined;
  /** Set once nothing is left to cancel: the result came, a final error came, or the person cancelled. */
  let settled = false;
  const cancel = () => {
    if (settled) return;
    settled = true;
    connection.send({ type: "confirm.cancel" });
  };

  const onMessage = (message: ToConfirmWindow) => {
    switch (message.type) {
      case "confirm.request":
        // One request per window: a second one cannot swap the documents under the person's eyes.
        if (!shown && !settled) shown = showRequest(message.request, connection);
        return;
      case "confirm.progress":
        shown?.form.showProgress(message);
        shown?.table.showProgress(message.done);
        return;
      case "confirm.approval":
        shown?.form.showApproval(message.code, message.provider);
        return;
      case "confirm.error":
        if (!shown) {
          settled = true;
          fatal(errorWords(message.code));
        } else if (message.code === "PIN_INCORRECT" && message.retriesLeft !== 0) {
          shown.form.retryPin(message.code, message.retriesLeft);
          shown.preview.unlock();
        } else {
          settled = true;
          shown.form.fail(message.code, message.retriesLeft);
          button("cancel").textContent = words("confirm_closeButton");
        }
        return;
      case "confirm.done": {
        settled = true;
        if (!shown) return;
        const allSigned = message.results.every((result) => result.ok);
        shown.form.end();
        message.results.forEach((result, position) => {
          const document = shown?.documents[position];
          if (document) shown?.table.setStatus(document.index, result.ok ? "signed" : "failed");
        });
        showResult(
          { section: byId("result"), summary: byId("result-summary"), list: byId("result-list", HTMLUListElement), closing: byId("result-closing"), close: button("close") },
          message.results,
          allSigned,
        );
        if (allSigned) setTimeout(() => void closeConfirmationWindow(), CLOSE_AFTER_SUCCESS_MS);
        return;
      }
    }
  };

  // The port of contract §2.
  const connection = connectWindowPort(confirmPortName(parsedId.data), { incoming: toConfirmWindowSchema, outgoing: fromConfirmWindowSchema }, {
    onMessage,
    onInvalidMessage: (problem) => {
      console.warn("kyso: ignored a message that does not match the confirmation protocol", problem);
      if (!shown) fatal(errorWords("BAD_REQUEST"));
    },
    onDisconnect: () => {
      if (!settled) fatal(words("confirm_disconnected"));
      settled = true;
    },
  });

  button("cancel").addEventListener("click", () => {
    cancel();
    void closeConfirmationWindow();
  });
  button("close").addEventListener("click", () => void closeConfirmationWindow());
  // Closing the window is a cancel; the background also treats the port closing as one.
  window.addEventListener("pagehide", cancel);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      cancel();
      void closeConfirmationWindow();
    }
  });
}

main();
