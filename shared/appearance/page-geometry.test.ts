import { describe, expect, it } from "vitest";
import type { PdfRect } from "./appearance-options.js";
import { defaultDisplayedRect, defaultPageIndex, infoBlockDisplayedRect } from "./default-placement.js";
import { displayedPageSize, displayedRectToUserSpace, uprightFormMatrix, uprightSizeOfRect, type PageFrame, type PageRotation } from "./page-geometry.js";

const A4: PdfRect = [0, 0, 595, 842];

/** Applies a form matrix to the BBox corners and returns the transformed box (§8.10.1, §12.5.5 step a). */
function transformedBox(matrix: number[], width: number, height: number): PdfRect {
  const [a, b, c, d, e, f] = matrix as [number, number, number, number, number, number];
  const corners = [[0, 0], [width, 0], [0, height], [width, height]].map(([x, y]) => [a * x! + c * y! + e, b * x! + d * y! + f] as const);
  const xs = corners.map((p) => p[0]);
  const ys = corners.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

describe("placement on rotated pages", () => {
  it.each([
    [0, [445, 806, 559, 842]],
    [90, [0, 692, 36, 806]],
    [180, [36, 0, 150, 36]],
    [270, [559, 36, 595, 150]],
  ] as Array<[PageRotation, PdfRect]>)("maps a rectangle at the displayed top right of a /Rotate %i page into user space", (rotate, expected) => {
    const page: PageFrame = { mediaBox: A4, rotate };
    const size = displayedPageSize(page);
    const displayed: PdfRect = [size.width - 150, size.height - 36, size.width - 36, size.height];
    expect(displayedRectToUserSpace(page, displayed)).toEqual(expected);
  });

  it("honours a MediaBox that does not start at the origin", () => {
    expect(displayedRectToUserSpace({ mediaBox: [100, 200, 695, 1042], rotate: 0 }, [10, 20, 30, 40])).toEqual([110, 220, 130, 240]);
  });

  it.each([0, 90, 180, 270] as PageRotation[])("gives a /Rotate %i page a form matrix whose transformed BBox has the rectangle's user-space shape", (rotate) => {
    const rect: PdfRect = [100, 100, 160, 300];
    const upright = uprightSizeOfRect(rect, rotate);
    const box = transformedBox(uprightFormMatrix(upright, rotate), upright.width, upright.height);
    expect(box[2] - box[0]).toBeCloseTo(60);
    expect(box[3] - box[1]).toBeCloseTo(200);
    expect(Math.min(box[0], box[1])).toBeGreaterThanOrEqual(0);
  });

  it("turns content counter-clockwise on a page the viewer turns clockwise, so that text runs left to right on screen", () => {
    // On a /Rotate 90 page the reader's "right" is user-space +y: the text direction (1, 0) must map there.
    const [a, b] = uprightFormMatrix({ width: 200, height: 60 }, 90);
    expect([a, b]).toEqual([0, 1]);
  });
});

describe("default placements (Decree 30 Appendix I as commonly implemented)", () => {
  const a4 = { width: 595, height: 842 };

  it("puts approval and the seal over it on the last page and the information profiles on the first", () => {
    expect(defaultPageIndex("approval", 3)).toBe(2);
    expect(defaultPageIndex("issuing", 3)).toBe(2);
    expect(defaultPageIndex("copy", 3)).toBe(0);
    expect(defaultPageIndex("attachment", 3)).toBe(0);
  });

  it("centres the approval signature horizontally in the lower third of the page", () => {
    const [x1, y1, x2, y2] = defaultDisplayedRect("approval", a4);
    expect((x1 + x2) / 2).toBeCloseTo(595 / 2);
    expect(y1).toBeGreaterThanOrEqual(0);
    expect(y2).toBeLessThanOrEqual(842 / 3);
  });

  it("puts the information block at the top right, half an inch from the edges", () => {
    expect(infoBlockDisplayedRect(a4)).toEqual([359, 746, 559, 806]);
    expect(defaultDisplayedRect("copy", a4)).toEqual([359, 746, 559, 806]);
    expect(defaultDisplayedRect("attachment", a4)).toEqual([359, 746, 559, 806]);
  });

  it("shrinks a default box to fit a page smaller than the box", () => {
    const [x1, y1, x2, y2] = defaultDisplayedRect("issuing", { width: 200, height: 150 });
    expect(x1).toBeGreaterThanOrEqual(0);
    expect(y1).toBeGreaterThanOrEqual(0);
    expect(x2).toBeLessThanOrEqual(200);
    expect(y2).toBeLessThanOrEqual(150);
  });
});
