// Before pdf.js, which needs it at load time.
import "./promise-with-resolvers.js";
import { getDocument, GlobalWorkerOptions, type PDFDocumentLoadingTask, type PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { base64ToBytes } from "../../../shared/protocol/base64-codec.js";
import type { ConfirmDocument } from "../../../shared/protocol/confirmation.js";
import type { Affine, PixelSize } from "./placement-geometry.js";

// Built beside this page from pdf-worker.entry.ts; a module worker of the extension's own origin.
GlobalWorkerOptions.workerSrc = new URL("pdf-worker.js", document.baseURI).href;

/** A rendered page: its CSS size and the transform from the page's user space to CSS pixels. */
export interface RenderedPage extends PixelSize {
  pageIndex: number;
  viewport: Affine;
}

/** pdf.js transfers the buffer it is given to its worker; hand it a copy so the request keeps its own. */
function previewSource(document: ConfirmDocument): { data: Uint8Array } | { url: string } {
  const { bytes, pdfBlobUrl } = document;
  if (typeof bytes === "string") return { data: base64ToBytes(bytes) };
  if (bytes instanceof Uint8Array) return { data: bytes.slice() };
  if (bytes instanceof ArrayBuffer) return { data: new Uint8Array(bytes.slice(0)) };
  if (pdfBlobUrl) return { url: pdfBlobUrl };
  throw new Error("the request carries no bytes for the preview");
}

/** One open document at a time: a batch of hundreds never holds hundreds of parsed PDFs. */
export class PdfPreview {
  #open: { index: number; task: PDFDocumentLoadingTask } | undefined;
  #rendering: { cancel(): void } | undefined;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  async #document(document: ConfirmDocument): Promise<PDFDocumentProxy> {
    if (this.#open?.index !== document.index) {
      const previous = this.#open;
      this.#open = undefined;
      // Destroying the loading task frees the parsed document in the worker.
      if (previous) void previous.task.destroy().catch(() => undefined);
      // Nothing fetched from anywhere (no standard-font or wasm URLs): fonts the file does not embed are drawn with system fonts.
      this.#open = { index: document.index, task: getDocument({ ...previewSource(document), useSystemFonts: true, stopAtErrors: false }) };
    }
    return this.#open.task.promise;
  }

  /** Draws page `pageIndex` of `document` no larger than `box` (CSS pixels), sharp on high-DPI screens. */
  async render(document: ConfirmDocument, pageIndex: number, box: PixelSize): Promise<RenderedPage> {
    this.#rendering?.cancel();
    const pdf = await this.#document(document);
    const page = await pdf.getPage(Math.min(pageIndex, pdf.numPages - 1) + 1);
    const natural = page.getViewport({ scale: 1 });
    const scale = Math.min(box.width / natural.width, box.height / natural.height);
    const viewport = page.getViewport({ scale });
    const pixelRatio = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(viewport.width * pixelRatio);
    this.canvas.height = Math.round(viewport.height * pixelRatio);
    this.canvas.style.width = `${viewport.width}px`;
    this.canvas.style.height = `${viewport.height}px`;
    const task = page.render({ canvas: this.canvas, viewport, transform: pixelRatio === 1 ? undefined : [pixelRatio, 0, 0, pixelRatio, 0, 0] });
    this.#rendering = task;
    await task.promise;
    const [a, b, c, d, e, f] = viewport.transform as [number, number, number, number, number, number];
    return { pageIndex: page.pageNumber - 1, width: viewport.width, height: viewport.height, viewport: [a, b, c, d, e, f] };
  }
}
