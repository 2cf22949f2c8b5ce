import type { ConfirmDone } from "../../../shared/protocol/confirmation.js";
import { words } from "../page-words.js";
import { errorWords } from "./window-words.js";

export interface ResultElements {
  section: HTMLElement;
  summary: HTMLElement;
  list: HTMLUListElement;
  closing: HTMLElement;
  close: HTMLButtonElement;
}

/** The outcome per document, in words; says whether the window will close itself. */
export function showResult(elements: ResultElements, results: ConfirmDone["results"], closesItself: boolean): void {
  const signed = results.filter((result) => result.ok).length;
  elements.summary.textContent =
    signed === results.length ? words("confirm_resultAllSigned", [String(signed)]) : words("confirm_resultSomeFailed", [String(signed), String(results.length)]);
  elements.list.replaceChildren(
    ...results.map((result) => {
      const item = document.createElement("li");
      item.dataset.ok = String(result.ok);
      item.textContent = result.ok
        ? words("confirm_resultSigned", [result.name])
        : words("confirm_resultFailed", [result.name, errorWords(result.code ?? "INTERNAL_ERROR")]);
      return item;
    }),
  );
  elements.closing.hidden = !closesItself;
  elements.section.hidden = false;
  elements.close.focus();
}
