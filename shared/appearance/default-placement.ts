import type { AppearanceProfile, PdfRect } from "./appearance-options.js";
import type { UprightSize } from "./page-geometry.js";

/**
 * Where each profile goes when the user has not placed it (DECREE30.md, Appendix I as
 * commonly implemented). Sizes in points; positions on the page as the reader sees it.
 * Policy-configurable defaults, not rules: portals place things differently.
 */
const PAGE_MARGIN = 36;
const SIGNATURE_BOX: UprightSize = { width: 160, height: 80 };
/** Seal (about 36 mm = 102 pt across) plus the two thirds of the signature it does not cover. */
const SEAL_BOX: UprightSize = { width: 240, height: 110 };
const INFO_BLOCK_BOX: UprightSize = { width: 200, height: 60 };

export type VisibleProfile = Exclude<AppearanceProfile, "invisible">;

/** Approval and the seal over it go on the last page (the signature block); the rest on the first. */
export function defaultPageIndex(profile: VisibleProfile, pageCount: number): number {
  return profile === "approval" || profile === "issuing" ? Math.max(0, pageCount - 1) : 0;
}

/** The profile's default rectangle on a displayed page of `page` size. */
export function defaultDisplayedRect(profile: VisibleProfile, page: UprightSize): PdfRect {
  switch (profile) {
    case "approval":
      return centredInLowerThird(page, SIGNATURE_BOX);
    case "issuing":
      return centredInLowerThird(page, SEAL_BOX);
    case "copy":
    case "attachment":
      return topRight(page, INFO_BLOCK_BOX);
    case "comment":
    case "incoming":
      return topLeft(page, INFO_BLOCK_BOX);
  }
}

/** Appendix I: the organisation's information block at the top right of the first page. */
export function infoBlockDisplayedRect(page: UprightSize): PdfRect {
  return topRight(page, INFO_BLOCK_BOX);
}

/** Boxes shrink on pages smaller than the box plus margins (A6 receipts, strips). */
function fit(page: UprightSize, box: UprightSize): UprightSize {
  return { width: Math.min(box.width, Math.max(1, page.width - 2 * PAGE_MARGIN)), height: Math.min(box.height, Math.max(1, page.height - 2 * PAGE_MARGIN)) };
}

function centredInLowerThird(page: UprightSize, box: UprightSize): PdfRect {
  const { width, height } = fit(page, box);
  const x = (page.width - width) / 2;
  const y = Math.max(0, (page.height / 3 - height) / 2);
  return [x, y, x + width, y + height];
}

function topRight(page: UprightSize, box: UprightSize): PdfRect {
  const { width, height } = fit(page, box);
  const x2 = Math.max(width, page.width - PAGE_MARGIN);
  const y2 = Math.max(height, page.height - PAGE_MARGIN);
  return [x2 - width, y2 - height, x2, y2];
}

function topLeft(page: UprightSize, box: UprightSize): PdfRect {
  const { width, height } = fit(page, box);
  const x1 = Math.min(PAGE_MARGIN, page.width - width);
  const y2 = Math.max(height, page.height - PAGE_MARGIN);
  return [x1, y2 - height, x1 + width, y2];
}
