import type { UprightSize } from "./page-geometry.js";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const POINTS_PER_METRE = 72 / 0.0254;

/**
 * The printed size of a PNG in points, from its pHYs chunk (PNG spec §11.3.5.3, unit 1 =
 * pixels per metre), so that a scanned seal is drawn at its real size as Decree 30 Art. 33
 * asks. Undefined when the file does not say (no pHYs, or an aspect-ratio-only pHYs).
 */
export function pngRealSize(png: Uint8Array): UprightSize | undefined {
  if (png.length < 33 || PNG_SIGNATURE.some((byte, i) => png[i] !== byte)) return undefined;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const widthPx = view.getUint32(16);
  const heightPx = view.getUint32(20);
  // pHYs must come before the first IDAT; stop there rather than walk the image data.
  for (let at = 8; at + 12 <= png.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    if (type === "IDAT" || type === "IEND") return undefined;
    if (type === "pHYs" && length === 9 && at + 17 <= png.length) {
      const perMetreX = view.getUint32(at + 8);
      const perMetreY = view.getUint32(at + 12);
      if (png[at + 16] !== 1 || perMetreX === 0 || perMetreY === 0) return undefined;
      return { width: (widthPx / perMetreX) * POINTS_PER_METRE, height: (heightPx / perMetreY) * POINTS_PER_METRE };
    }
    at += 12 + length;
  }
  return undefined;
}
