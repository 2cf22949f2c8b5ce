/**
 * The verification page (ARCHITECTURE.md, Verification: "a page in the extension"): a PDF picked
 * or dropped here is verified inside the browser by the shared verifier — the document never
 * leaves the machine — against the trust anchors and the revocation fail mode of the effective
 * settings (IT's policy over the local options), and the report is shown as the CLI's --html
 * shows it. Online OCSP/CRL needs the sidecar, so only revocation data embedded in the file
 * (DSS, adbe-revocationInfoArchival) counts here; the page says so.
 */
import browser from "webextension-polyfill";
import { nobleHasherFactory } from "../../../shared/cms/incremental-hasher.js";
import { blobByteSource } from "../../../shared/pdf/byte-source.js";
import type { Language } from "../../../shared/protocol/error-messages.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { renderVerificationHtml } from "../../../shared/verify/report-html.js";
import { verifyDocument } from "../../../shared/verify/verify-document.js";
import { loadSettings } from "../../background/policy-settings.js";

const words = (key: string, substitutions?: string[]) => browser.i18n.getMessage(key, substitutions);
const language: Language = words("report_language") === "en" ? "en" : "vi";

function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`report.html has no ${type.name} #${id}`);
  return element;
}
const status = byId("status", HTMLParagraphElement);
const reportArea = byId("report", HTMLDivElement);
const dropZone = byId("drop-zone", HTMLLabelElement);
const fileInput = byId("file-input", HTMLInputElement);

/** `data-state` (idle, verifying, done, error) is what tests and assistive tools wait on. */
function setStatus(state: "verifying" | "done" | "error", text: string): void {
  status.dataset.state = state;
  status.textContent = text;
}

let current = 0;

async function verifyFile(file: File): Promise<void> {
  const run = ++current;
  reportArea.replaceChildren();
  if (!/\.pdf$/i.test(file.name) && file.type !== "application/pdf") {
    setStatus("error", words("report_notPdf"));
    return;
  }
  setStatus("verifying", words("report_verifying", [file.name]));
  try {
    const { settings } = await loadSettings();
    const result = await verifyDocument({
      source: blobByteSource(file),
      trustAnchorsPem: settings.trust.anchorsPem.filter((pem) => pem.trim() !== ""),
      createHasher: nobleHasherFactory,
      revocationHardFail: settings.trust.failMode === "hard",
    });
    // A later pick replaces this one: never show an older file's report under a newer name.
    if (run !== current) return;
    // Every string from the file is escaped by the renderer: the fragment holds only its own elements.
    reportArea.innerHTML = renderVerificationHtml(result, { language, fileName: file.name });
    setStatus("done", words("report_done", [file.name]));
  } catch (error) {
    if (run !== current) return;
    const code = error instanceof KysoError ? error.code : "INTERNAL_ERROR";
    setStatus("error", words("report_failed", [words(`error_${code}`), code]));
  }
}

function localise(): void {
  for (const element of document.querySelectorAll<HTMLElement>("[data-i18n]")) element.textContent = words(element.dataset.i18n ?? "");
  document.documentElement.lang = language;
  byId("offline-note", HTMLParagraphElement).hidden = false;
}

localise();
fileInput.addEventListener("change", () => {
  const file = fileInput.files?.[0];
  if (file) void verifyFile(file);
});
dropZone.addEventListener("dragover", (event) => {
  event.preventDefault();
  dropZone.classList.add("dragging");
});
dropZone.addEventListener("dragleave", () => dropZone.classList.remove("dragging"));
dropZone.addEventListener("drop", (event) => {
  event.preventDefault();
  dropZone.classList.remove("dragging");
  const file = event.dataTransfer?.files[0];
  if (file) void verifyFile(file);
});
