import type { PdfRect } from "./appearance-options.js";

export type PageRotation = 0 | 90 | 180 | 270;

/** The page as far as placement cares: its MediaBox and /Rotate (§7.7.3.3, Table 30). */
export interface PageFrame {
  mediaBox: PdfRect;
  rotate: PageRotation;
}

/** Width and height of an appearance as the reader sees it, upright. */
export interface UprightSize {
  width: number;
  height: number;
}

/** The page as displayed: /Rotate turns it clockwise (§7.7.3.3), so 90 and 270 swap the sides. */
export function displayedPageSize(page: PageFrame): UprightSize {
  const [x1, y1, x2, y2] = page.mediaBox;
  const width = Math.abs(x2 - x1);
  const height = Math.abs(y2 - y1);
  return page.rotate === 90 || page.rotate === 270 ? { width: height, height: width } : { width, height };
}

/**
 * Maps a rectangle given on the page as the reader sees it (origin at the displayed
 * lower-left corner, y up) into default user space, where annotation rectangles live.
 */
export function displayedRectToUserSpace(page: PageFrame, displayed: PdfRect): PdfRect {
  const [a, b] = userPoint(page, [displayed[0], displayed[1]]);
  const [c, d] = userPoint(page, [displayed[2], displayed[3]]);
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}

function userPoint(page: PageFrame, [dx, dy]: [number, number]): [number, number] {
  const [mx1, my1, mx2, my2] = page.mediaBox;
  const width = mx2 - mx1;
  const height = my2 - my1;
  switch (page.rotate) {
    case 0:
      return [mx1 + dx, my1 + dy];
    case 90:
      // Turned clockwise: user +y runs to the reader's right, user +x runs down.
      return [mx1 + width - dy, my1 + dx];
    case 180:
      return [mx1 + width - dx, my1 + height - dy];
    case 270:
      return [mx1 + dy, my1 + height - dx];
  }
}

/** The upright size of an appearance that fills `rect` on a page turned by `rotate`. */
export function uprightSizeOfRect(rect: PdfRect, rotate: PageRotation): UprightSize {
  const width = Math.abs(rect[2] - rect[0]);
  const height = Math.abs(rect[3] - rect[1]);
  return rotate === 90 || rotate === 270 ? { width: height, height: width } : { width, height };
}

/**
 * The form XObject's /Matrix (§8.10.1) for a page turned by `rotate`: the content is drawn
 * upright in [0 0 width height] and turned the other way (counter-clockwise in user space),
 * so that the viewer's clockwise page rotation brings it back upright. §12.5.5 then fits the
 * transformed bounding box to /Rect, so only the rotation part matters; the translation
 * keeps the box in the positive quadrant for readers that do not normalise.
 */
export function uprightFormMatrix(size: UprightSize, rotate: PageRotation): [number, number, number, number, number, number] {
  const { width, height } = size;
  switch (rotate) {
    case 0:
      return [1, 0, 0, 1, 0, 0];
    case 90:
      return [0, 1, -1, 0, height, 0];
    case 180:
      return [-1, 0, 0, -1, width, height];
    case 270:
      return [0, -1, 1, 0, 0, width];
  }
}
