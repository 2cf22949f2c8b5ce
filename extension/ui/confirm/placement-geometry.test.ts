import { degrees, PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import type { PdfRect } from "../../../shared/appearance/appearance-options.js";
import { displayedPageSize, displayedRectToUserSpace, type PageRotation } from "../../../shared/appearance/page-geometry.js";
import "./promise-with-resolvers.js";
import { clampToPage, fitUserRectToPage, movePixelRect, pixelRectToUser, userRectToPixels, type Affine, type PixelSize } from "./placement-geometry.js";

/** The preview's real transforms: pdf.js's own viewports of pages turned by each /Rotate, with a MediaBox off the origin. */
const MEDIA_BOX: PdfRect = [100, 50, 695, 892];
const SCALE = 0.5;
const ROTATIONS: PageRotation[] = [0, 90, 180, 270];
const viewports = new Map<PageRotation, PixelSize & { viewport: Affine }>();

beforeAll(async () => {
  const document = await PDFDocument.create();
  for (const rotation of ROTATIONS) {
    const page = document.addPage([595, 842]);
    page.setMediaBox(MEDIA_BOX[0], MEDIA_BOX[1], MEDIA_BOX[2] - MEDIA_BOX[0], MEDIA_BOX[3] - MEDIA_BOX[1]);
    page.setRotation(degrees(rotation));
  }
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = getDocument({ data: await document.save() });
  const pdf = await task.promise;
  for (const [i, rotation] of ROTATIONS.entries()) {
    const viewport = (await pdf.getPage(i + 1)).getViewport({ scale: SCALE });
    viewports.set(rotation, { width: viewport.width, height: viewport.height, viewport: viewport.transform as unknown as Affine });
  }
  await task.destroy();
});

const page = (rotation: PageRotation) => viewports.get(rotation)!;

describe("stamp placement between PDF user space and the preview", () => {
  it.each(ROTATIONS)("puts the rectangle where shared/appearance draws it, on a /Rotate %i page", (rotation) => {
    // A 150 × 60 pt box 36 pt from the displayed top-right corner, as the reader sees the page.
    const { width, height } = displayedPageSize({ mediaBox: MEDIA_BOX, rotate: rotation });
    const displayed: PdfRect = [width - 36 - 150, height - 36 - 60, width - 36, height - 36];
    const [x1, y1, x2, y2] = displayedRectToUserSpace({ mediaBox: MEDIA_BOX, rotate: rotation }, displayed);
    const pixels = userRectToPixels(page(rotation).viewport, { x: x1, y: y1, width: x2 - x1, height: y2 - y1 });
    expect(pixels.left).toBeCloseTo((width - 36 - 150) * SCALE);
    expect(pixels.top).toBeCloseTo(36 * SCALE);
    expect(pixels.width).toBeCloseTo(150 * SCALE);
    expect(pixels.height).toBeCloseTo(60 * SCALE);
  });

  it.each(ROTATIONS)("returns to the same user-space rectangle after a round trip through the preview, on a /Rotate %i page", (rotation) => {
    const rect = { x: 217.5, y: 100.33, width: 160, height: 80 };
    expect(pixelRectToUser(page(rotation).viewport, userRectToPixels(page(rotation).viewport, rect))).toEqual(rect);
  });

  it("moves the stamp right and up in user space when it is dragged right and up on an upright page", () => {
    const { viewport } = page(0);
    const start = { x: 300, y: 200, width: 160, height: 80 };
    const dragged = movePixelRect(userRectToPixels(viewport, start), { dx: 50, dy: -40 }, page(0));
    expect(pixelRectToUser(viewport, dragged)).toEqual({ x: 300 + 50 / SCALE, y: 200 + 40 / SCALE, width: 160, height: 80 });
  });

  it("turns a drag to the right into user-space +y on a page turned by /Rotate 90 (the page's x runs down the screen)", () => {
    const { viewport } = page(90);
    const start = { x: 300, y: 200, width: 160, height: 80 };
    const dragged = pixelRectToUser(viewport, movePixelRect(userRectToPixels(viewport, start), { dx: 50, dy: 0 }, page(90)));
    expect(dragged).toEqual({ x: 300, y: 200 + 50 / SCALE, width: 160, height: 80 });
  });

  it("keeps the stamp on the page when it is dragged past an edge", () => {
    const size = { width: 300, height: 420 };
    expect(movePixelRect({ left: 250, top: 10, width: 80, height: 40 }, { dx: 100, dy: -100 }, size)).toEqual({ left: 220, top: 0, width: 80, height: 40 });
    expect(clampToPage({ left: -5, top: 500, width: 80, height: 40 }, size)).toEqual({ left: 0, top: 380, width: 80, height: 40 });
  });

  it("pulls a stamp moved from a large page inside a smaller one, keeping its size", () => {
    // An A5 page (420 × 595 pt) at the same scale: the A4 top-right corner is off it.
    const a5 = { width: 420 * SCALE, height: 595 * SCALE, viewport: [SCALE, 0, 0, -SCALE, 0, 595 * SCALE] as Affine };
    const fitted = fitUserRectToPage(a5.viewport, a5, { x: 400, y: 750, width: 160, height: 80 });
    expect(fitted).toEqual({ x: 420 - 160, y: 595 - 80, width: 160, height: 80 });
  });
});
