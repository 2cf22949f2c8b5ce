import type { ConfirmDocument } from "../../../shared/protocol/confirmation.js";
import { words } from "../page-words.js";
import { fileSize } from "./window-words.js";

export type DocumentStatus = "waiting" | "working" | "finished" | "signed" | "failed";

const STATUS_WORDS: Record<DocumentStatus, string> = {
  waiting: "confirm_statusWaiting",
  working: "confirm_statusWorking",
  finished: "confirm_statusFinished",
  signed: "confirm_statusSigned",
  failed: "confirm_statusFailed",
};

/**
 * Every document of the request, one row each — name, number, pages, size, status — with a
 * button that shows it in the preview. Rows are built with textContent only: names come from
 * the page and are never parsed as HTML.
 */
export class DocumentTable {
  readonly #rows = new Map<number, { row: HTMLTableRowElement; status: HTMLTableCellElement }>();

  constructor(
    body: HTMLTableSectionElement,
    private readonly documents: readonly ConfirmDocument[],
    onPreview: (document: ConfirmDocument) => void,
  ) {
    for (const document of documents) {
      const row = body.insertRow();
      row.dataset.index = String(document.index);
      const cell = (text: string, className?: string) => {
        const td = row.insertCell();
        td.textContent = text;
        if (className) td.className = className;
        return td;
      };
      cell(document.name, "name");
      cell(document.documentNumber ?? "—");
      cell(String(document.pageCount), "number");
      cell(fileSize(document.sizeBytes), "number");
      const status = cell("", "status");
      const button = row.insertCell().appendChild(window.document.createElement("button"));
      button.type = "button";
      button.name = "preview";
      button.textContent = words("confirm_previewButton");
      button.setAttribute("aria-label", words("confirm_previewDocumentButton", [document.name]));
      button.addEventListener("click", () => onPreview(document));
      this.#rows.set(document.index, { row, status });
      this.setStatus(document.index, "waiting");
    }
  }

  /** Marks the row being previewed. */
  select(index: number): void {
    for (const [rowIndex, { row }] of this.#rows) row.setAttribute("aria-current", String(rowIndex === index));
  }

  setStatus(index: number, status: DocumentStatus): void {
    const cells = this.#rows.get(index);
    if (!cells) return;
    cells.status.dataset.status = status;
    cells.status.textContent = words(STATUS_WORDS[status]);
  }

  /**
   * A progress report: the background signs in request order, so the first `done` documents
   * are finished (signed or not: `confirm.done` says which) and the next one is in the works.
   */
  showProgress(done: number): void {
    this.documents.forEach((document, position) => {
      if (position < done) this.setStatus(document.index, "finished");
      else if (position === done) this.setStatus(document.index, "working");
    });
  }
}
