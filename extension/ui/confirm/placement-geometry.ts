/**
 * The stamp rectangle in the two spaces the window works in: the page's default user space,
 * where the background places the appearance (an annotation /Rect), and the preview's CSS
 * pixels, where the person drags it. pdf.js's viewport transform maps the first to the
 * second, including the MediaBox origin, /Rotate and the y axis pointing down.
 */

/** An affine transform [a b c d e f]: (x, y) → (a·x + c·y + e, b·x + d·y + f). */
export type Affine = readonly [number, number, number, number, number, number];

/** A rectangle in user space: lower-left corner and size. */
export interface UserRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A rectangle in the preview: top-left corner and size, CSS pixels. */
export interface PixelRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface PixelSize {
  width: number;
  height: number;
}

function apply(t: Affine, x: number, y: number): [number, number] {
  return [t[0] * x + t[2] * y + t[4], t[1] * x + t[3] * y + t[5]];
}

function invert(t: Affine): Affine {
  const [a, b, c, d, e, f] = t;
  const determinant = a * d - b * c;
  if (determinant === 0) throw new Error("the viewport transform cannot be inverted");
  return [d / determinant, -b / determinant, -c / determinant, a / determinant, (c * f - d * e) / determinant, (b * e - a * f) / determinant];
}

/** Both corners mapped, then normalised: a page turned by /Rotate keeps rectangles axis-aligned. */
function boundingBox(t: Affine, [x1, y1, x2, y2]: [number, number, number, number]): [number, number, number, number] {
  const [p, q] = apply(t, x1, y1);
  const [r, s] = apply(t, x2, y2);
  return [Math.min(p, r), Math.min(q, s), Math.max(p, r), Math.max(q, s)];
}

export function userRectToPixels(viewport: Affine, rect: UserRect): PixelRect {
  const [left, top, right, bottom] = boundingBox(viewport, [rect.x, rect.y, rect.x + rect.width, rect.y + rect.height]);
  return { left, top, width: right - left, height: bottom - top };
}

/** Two decimals of a point are far below what anyone can see or a printer can place. */
const roundUserUnits = (value: number) => Math.round(value * 100) / 100;

export function pixelRectToUser(viewport: Affine, rect: PixelRect): UserRect {
  const [x1, y1, x2, y2] = boundingBox(invert(viewport), [rect.left, rect.top, rect.left + rect.width, rect.top + rect.height]);
  return { x: roundUserUnits(x1), y: roundUserUnits(y1), width: roundUserUnits(x2 - x1), height: roundUserUnits(y2 - y1) };
}

/** Keeps the rectangle on the page; one larger than the page is pinned to its top-left corner. */
export function clampToPage(rect: PixelRect, page: PixelSize): PixelRect {
  const left = Math.max(0, Math.min(rect.left, page.width - rect.width));
  const top = Math.max(0, Math.min(rect.top, page.height - rect.height));
  return { ...rect, left, top };
}

/** Moved by a drag or an arrow key, in CSS pixels. */
export interface PixelOffset {
  dx: number;
  dy: number;
}

export function movePixelRect(rect: PixelRect, { dx, dy }: PixelOffset, page: PixelSize): PixelRect {
  return clampToPage({ ...rect, left: rect.left + dx, top: rect.top + dy }, page);
}

/**
 * The same user-space rectangle on another page (moving the stamp there keeps its size and
 * position), pulled back inside that page when the page is smaller.
 */
export function fitUserRectToPage(viewport: Affine, page: PixelSize, rect: UserRect): UserRect {
  return pixelRectToUser(viewport, clampToPage(userRectToPixels(viewport, rect), page));
}
