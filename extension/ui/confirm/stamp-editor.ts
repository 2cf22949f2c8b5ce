import { clampToPage, movePixelRect, pixelRectToUser, userRectToPixels, type PixelRect, type UserRect } from "./placement-geometry.js";
import type { RenderedPage } from "./pdf-preview.js";
import { words } from "../page-words.js";

/** Arrow keys move the stamp this far in user space units (points); Shift moves it five times as far. */
const KEY_STEP_POINTS = 5;
const KEY_STEP_FAST = 5;

/**
 * The stamp rectangle over the rendered page: dragged with a mouse, finger or pen (pointer
 * events), or moved with the arrow keys once focused. It reports the new position in the
 * page's user space when a move ends.
 */
export class StampEditor {
  #page: RenderedPage | undefined;
  #rect: PixelRect | undefined;

  constructor(
    private readonly stamp: HTMLElement,
    private readonly onMoved: (rect: UserRect, pageIndex: number) => void,
  ) {
    stamp.addEventListener("pointerdown", (event) => this.#startDrag(event));
    stamp.addEventListener("keydown", (event) => this.#onKey(event));
  }

  /** Puts the stamp at `rect` (user space) on the page just rendered; nothing drawn when there is no stamp. */
  show(page: RenderedPage, rect: UserRect | undefined): void {
    this.#page = page;
    if (!rect) {
      this.stamp.hidden = true;
      return;
    }
    this.#place(clampToPage(userRectToPixels(page.viewport, rect), page));
    this.stamp.hidden = false;
    this.stamp.setAttribute("aria-label", words("confirm_stampLabel", [String(page.pageIndex + 1)]));
  }

  /** Where the stamp is now, in user space (what `decide` sends). */
  current(): UserRect | undefined {
    return this.#page && this.#rect ? pixelRectToUser(this.#page.viewport, this.#rect) : undefined;
  }

  #place(rect: PixelRect): void {
    this.#rect = rect;
    Object.assign(this.stamp.style, { left: `${rect.left}px`, top: `${rect.top}px`, width: `${rect.width}px`, height: `${rect.height}px` });
  }

  #commit(): void {
    const rect = this.current();
    if (rect && this.#page) this.onMoved(rect, this.#page.pageIndex);
  }

  #startDrag(event: PointerEvent): void {
    const page = this.#page;
    const start = this.#rect;
    if (!page || !start || event.button !== 0) return;
    event.preventDefault();
    this.stamp.focus();
    this.stamp.setPointerCapture(event.pointerId);
    this.stamp.classList.add("dragging");
    const [originX, originY] = [event.clientX, event.clientY];
    const move = (moveEvent: PointerEvent) => this.#place(movePixelRect(start, { dx: moveEvent.clientX - originX, dy: moveEvent.clientY - originY }, page));
    const end = () => {
      this.stamp.removeEventListener("pointermove", move);
      this.stamp.removeEventListener("pointerup", end);
      this.stamp.removeEventListener("pointercancel", end);
      this.stamp.classList.remove("dragging");
      this.#commit();
    };
    this.stamp.addEventListener("pointermove", move);
    this.stamp.addEventListener("pointerup", end);
    this.stamp.addEventListener("pointercancel", end);
  }

  #onKey(event: KeyboardEvent): void {
    const page = this.#page;
    const rect = this.#rect;
    if (!page || !rect) return;
    const direction = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[event.key];
    if (!direction) return;
    event.preventDefault();
    // Steps in points whatever the zoom: hypot(a, b) is the viewport's scale at any /Rotate.
    const scale = Math.hypot(page.viewport[0], page.viewport[1]);
    const step = KEY_STEP_POINTS * scale * (event.shiftKey ? KEY_STEP_FAST : 1);
    this.#place(movePixelRect(rect, { dx: direction[0]! * step, dy: direction[1]! * step }, page));
    this.#commit();
  }
}
