import type { ConfirmDocument, StampPlacement } from "../../../shared/protocol/confirmation.js";
import { fitUserRectToPage, type PixelSize, type UserRect } from "./placement-geometry.js";
import { PdfPreview } from "./pdf-preview.js";
import { StampEditor } from "./stamp-editor.js";
import { words } from "../page-words.js";

export interface PreviewElements {
  canvas: HTMLCanvasElement;
  stamp: HTMLElement;
  documentName: HTMLElement;
  pageLabel: HTMLElement;
  previousPage: HTMLButtonElement;
  nextPage: HTMLButtonElement;
  status: HTMLElement;
}

/** The largest page drawn: an A4 page fits whole beside the details column in the background's 960 × 760 popup. */
const PREVIEW_BOX: PixelSize = { width: 420, height: 540 };

/**
 * The preview column: one document at a time, on the page where its stamp goes, with the
 * stamp the person can drag or move to another page. Holds every document's placement,
 * starting from the profile's default.
 */
export class PreviewPane {
  readonly #placements = new Map<number, StampPlacement>();
  readonly #preview: PdfPreview;
  readonly #editor: StampEditor;
  #document: ConfirmDocument | undefined;
  #pageIndex = 0;
  #locked = false;
  /** Renders finish out of order when someone clicks fast; only the latest one may place the stamp. */
  #generation = 0;

  constructor(
    private readonly elements: PreviewElements,
    documents: readonly ConfirmDocument[],
  ) {
    for (const document of documents) if (document.defaultPlacement) this.#placements.set(document.index, { ...document.defaultPlacement });
    this.#preview = new PdfPreview(elements.canvas);
    this.#editor = new StampEditor(elements.stamp, (rect, pageIndex) => this.#moved(rect, pageIndex));
    elements.previousPage.addEventListener("click", () => void this.#turn(-1));
    elements.nextPage.addEventListener("click", () => void this.#turn(1));
  }

  /** Every stamped document's placement as `decide` sends it. */
  placements(): Array<{ index: number; page: number; x: number; y: number }> {
    return [...this.#placements].map(([index, placement]) => ({ index, page: placement.page, x: placement.x, y: placement.y }));
  }

  /** Once the person has confirmed, the stamp stays where it was confirmed. */
  lock(): void {
    this.#setLocked(true);
  }

  /** A wrong PIN gives the decision back to the person, placement included. */
  unlock(): void {
    this.#setLocked(false);
  }

  #setLocked(locked: boolean): void {
    this.#locked = locked;
    this.#updatePager();
    this.elements.stamp.style.pointerEvents = locked ? "none" : "";
    this.elements.stamp.tabIndex = locked ? -1 : 0;
  }

  async show(document: ConfirmDocument): Promise<void> {
    this.#document = document;
    this.elements.documentName.textContent = document.name;
    await this.#render(this.#placements.get(document.index)?.page ?? 0);
  }

  async #render(pageIndex: number): Promise<void> {
    const document = this.#document;
    if (!document) return;
    const generation = ++this.#generation;
    this.#pageIndex = Math.min(Math.max(0, pageIndex), document.pageCount - 1);
    this.#updatePager();
    this.elements.status.textContent = words("confirm_previewLoading");
    try {
      const rendered = await this.#preview.render(document, this.#pageIndex, PREVIEW_BOX);
      if (generation !== this.#generation) return;
      const placement = this.#placements.get(document.index);
      if (placement && placement.page !== rendered.pageIndex) {
        // The stamp follows the page the person turned to, kept inside it.
        this.#moved(fitUserRectToPage(rendered.viewport, rendered, placement), rendered.pageIndex);
      }
      const shown = this.#placements.get(document.index);
      this.#editor.show(rendered, shown);
      if (shown) this.#describe(shown);
      this.elements.status.textContent = placement ? "" : words("confirm_noStamp");
      this.elements.canvas.dataset.rendered = `${document.index}:${rendered.pageIndex}`;
    } catch (error) {
      if (generation !== this.#generation || (error as { name?: string }).name === "RenderingCancelledException") return;
      this.elements.status.textContent = words("confirm_previewFailed");
      this.elements.stamp.hidden = true;
      console.warn("kyso: preview failed", error);
    }
  }

  #moved(rect: UserRect, pageIndex: number): void {
    const document = this.#document;
    const placement = document && this.#placements.get(document.index);
    if (!document || !placement || this.#locked) return;
    const moved = { ...placement, page: pageIndex, x: rect.x, y: rect.y };
    this.#placements.set(document.index, moved);
    this.#describe(moved);
  }

  /** The placement in user space on the stamp itself, for anyone inspecting the window (and the e2e test). */
  #describe(placement: StampPlacement): void {
    Object.assign(this.elements.stamp.dataset, { page: String(placement.page), x: String(placement.x), y: String(placement.y) });
  }

  async #turn(delta: number): Promise<void> {
    if (!this.#locked) await this.#render(this.#pageIndex + delta);
  }

  #updatePager(): void {
    const pageCount = this.#document?.pageCount ?? 1;
    this.elements.pageLabel.textContent = words("confirm_pageOf", [String(this.#pageIndex + 1), String(pageCount)]);
    this.elements.previousPage.disabled = this.#locked || this.#pageIndex <= 0;
    this.elements.nextPage.disabled = this.#locked || this.#pageIndex >= pageCount - 1;
  }
}
