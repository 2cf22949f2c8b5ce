import browser from "webextension-polyfill";
import { localisePage, messagesLanguage, words } from "../ui/page-words.js";
import type { Language } from "../../shared/protocol/error-messages.js";
import { attachmentReportSchema, popupAttachmentRefSchema, POPUP_PORT_NAME } from "../../shared/protocol/popup.js";
import { renderVerificationHtml } from "../../shared/verify/report-html.js";
import type { DocumentVerification } from "../../shared/verify/verification-result.js";

/**
 * The full verification report of one incoming mail attachment, opened from the popup's badge:
 * the background hands over the shared verifier's report for that attachment (the one the badge
 * came from) and this page renders it as the verification page does, with its stylesheet.
 * `data-state` on #status (verifying, done, error) is what tests wait on.
 */
const language: Language = messagesLanguage();
const byId = (id: string) => document.getElementById(id)!;

function setStatus(state: "done" | "error", text: string): void {
  byId("status").dataset.state = state;
  byId("status").textContent = text;
}

function start(): void {
  localisePage();
  const query = new URLSearchParams(location.search);
  const attachment = popupAttachmentRefSchema.safeParse({ uid: Number(query.get("uid")), part: query.get("part") });
  if (!attachment.success) return setStatus("error", words("popup_reportBadLink"));
  const port = browser.runtime.connect({ name: POPUP_PORT_NAME });
  port.onMessage.addListener((raw: unknown) => {
    const parsed = attachmentReportSchema.safeParse(raw);
    if (!parsed.success) return;
    const answer = parsed.data;
    if (answer.type === "popup.report.error") return setStatus("error", words("popup_reportFailed", [words(`error_${answer.code}`) || answer.code]));
    byId("file-name").textContent = answer.filename;
    document.title = `${words("popup_reportTitle")} — ${answer.filename}`;
    // verification-json.ts keeps every field of the verification beside its summary keys; the renderer escapes all text.
    byId("report").innerHTML = renderVerificationHtml(answer.report as unknown as DocumentVerification, { language, fileName: answer.filename });
    setStatus("done", words("report_done", [answer.filename]));
  });
  port.postMessage({ type: "popup.report.get", attachment: attachment.data });
}

start();
