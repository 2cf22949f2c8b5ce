/**
 * The verification page (ARCHITECTURE.md, Verification: "a page in the extension"): a PDF picked
 * or dropped here is verified inside the browser by the shared verifier — the document never
 * leaves the machine — against the trust anchors and the revocation fail mode of the effective
 * settings (IT's policy over the local options), and the report is shown as the CLI's --html
 * shows it. Online OCSP/CRL needs the sidecar, so only revocation data embedded in the file
 * (DSS, adbe-revocationInfoArchival) counts here; the page says so.
 *
 * The verification runs in a worker (verify-worker.entry.ts): hashing a large file takes
 * seconds, and on this thread it froze the page; here the page only shows the worker's progress.
 */
import { localisePage, messagesLanguage, words } from "../page-words.js";
import type { Language } from "../../../shared/protocol/error-messages.js";
import { errorCodeOf } from "../../../shared/protocol/kyso-error.js";
import type { VerificationProgress } from "../../../shared/verify/verify-document.js";
import { loadSettings } from "../../background/policy-settings.js";
import { isVerifyWorkerMessage, type VerifyWorkerMessage, type VerifyWorkerRequest } from "./verify-worker-messages.js";

const language: Language = messagesLanguage();

function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`report.html has no ${type.name} #${id}`);
  return element;
}
const status = byId("status", HTMLParagraphElement);
const progressBar = byId("progress", HTMLProgressElement);
const reportArea = byId("report", HTMLDivElement);
const dropZone = byId("drop-zone", HTMLLabelElement);
const fileInput = byId("file-input", HTMLInputElement);

/**
 * `data-state` (idle, verifying, done, error) is what tests and assistive tools wait on;
 * `data-progress` is the percentage of the file read while verifying.
 */
function setStatus(state: "verifying" | "done" | "error", text: string): void {
  status.dataset.state = state;
  status.textContent = text;
  progressBar.hidden = state !== "verifying";
  if (state === "verifying") showPercent(0);
}

function showPercent(percent: number): void {
  status.dataset.progress = String(percent);
  progressBar.value = percent;
}

function showProgress(fileName: string, progress: VerificationProgress): void {
  if (progress.stage === "reading-file") {
    const percent = progress.totalBytes > 0 ? Math.floor((progress.bytesRead * 100) / progress.totalBytes) : 100;
    showPercent(percent);
    status.textContent = words("report_reading", [fileName, String(percent)]);
  } else {
    showPercent(100);
    status.textContent = words("report_checkingSignature", [fileName, String(progress.index + 1), String(progress.count)]);
  }
}

/** The worker verifying the newest pick; a later pick terminates it (its report would be for an older file). */
let worker: Worker | undefined;
let current = 0;

function stopWorker(): void {
  worker?.terminate();
  worker = undefined;
}

function showFailure(code: string): void {
  setStatus("error", words("report_failed", [words(`error_${code}`), code]));
}

function onWorkerMessage(fileName: string, message: VerifyWorkerMessage): void {
  if (message.type === "progress") {
    showProgress(fileName, message.progress);
    return;
  }
  stopWorker();
  if (message.type === "failure") {
    showFailure(message.code);
    return;
  }
  // Every string from the file was escaped by the renderer: the fragment holds only its own elements.
  reportArea.innerHTML = message.html;
  setStatus("done", words("report_done", [fileName]));
}

async function verifyFile(file: File): Promise<void> {
  const run = ++current;
  stopWorker();
  reportArea.replaceChildren();
  if (!/\.pdf$/i.test(file.name) && file.type !== "application/pdf") {
    setStatus("error", words("report_notPdf"));
    return;
  }
  setStatus("verifying", words("report_verifying", [file.name]));
  let request: VerifyWorkerRequest;
  try {
    const { settings } = await loadSettings();
    request = {
      file,
      trustAnchorsPem: settings.trust.anchorsPem.filter((pem) => pem.trim() !== ""),
      revocationHardFail: settings.trust.failMode === "hard",
      language,
    };
  } catch (error) {
    if (run === current) showFailure(errorCodeOf(error));
    return;
  }
  // A later pick while the settings loaded replaces this one.
  if (run !== current) return;
  // Built beside this page from verify-worker.entry.ts (scripts/build.ts), of the extension's own origin.
  const started = new Worker(new URL("verify-worker.js", document.baseURI));
  worker = started;
  started.addEventListener("message", (event: MessageEvent<unknown>) => {
    if (worker === started && isVerifyWorkerMessage(event.data)) onWorkerMessage(file.name, event.data);
  });
  // The script failed to load or threw outside verify(): nothing more will come from it.
  started.addEventListener("error", () => {
    if (worker !== started) return;
    stopWorker();
    showFailure("INTERNAL_ERROR");
  });
  started.postMessage(request);
}

localisePage();
byId("offline-note", HTMLParagraphElement).hidden = false;
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
