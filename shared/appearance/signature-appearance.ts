import { KysoError } from "../protocol/kyso-error.js";
import { findPage, pageCount } from "../pdf/read/page-tree.js";
import type { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";
import type { AppearanceOptions, AppearancePlacement, AppearanceProfile, PdfRect } from "./appearance-options.js";
import { buildAppearanceObjects, type AppearanceTarget } from "./build-appearance.js";
import { defaultDisplayedRect, defaultPageIndex, infoBlockDisplayedRect, type VisibleProfile } from "./default-placement.js";
import type { RawPdfObject } from "./numbered-pdf-lib-document.js";
import { displayedPageSize, displayedRectToUserSpace } from "./page-geometry.js";
import { vietnamTimeText } from "./vietnam-time.js";

export type { AppearanceTarget } from "./build-appearance.js";

/** An annotation besides the signature widget that the same update adds (issuing's information block). */
export interface AppearanceAnnotation {
  pageIndex: number;
  rect: PdfRect;
  formXObjectNumber: number;
  /** §12.5.2 /Contents: the text the annotation shows, for accessibility and search. */
  contents: string;
}

export interface SignatureAppearance {
  objects: RawPdfObject[];
  formXObjectNumber: number;
  annotations: AppearanceAnnotation[];
  nextObjectNumber: number;
}

/** Draws the widget's appearance for `target`, numbering new objects from `firstObjectNumber`. */
export type SignatureAppearanceBuilder = (target: AppearanceTarget, firstObjectNumber: number) => Promise<SignatureAppearance>;

export function isVisibleProfile(profile: AppearanceProfile): profile is VisibleProfile {
  return profile !== "invisible";
}

/** The page and user-space rectangle of a visible signature: the caller's, or the profile's default. */
export async function resolveAppearancePlacement(options: { reader: PdfDocumentReader; profile: VisibleProfile; placement?: AppearancePlacement }): Promise<{ pageIndex: number; rect: PdfRect }> {
  const { reader, profile, placement } = options;
  const pageIndex = placement?.pageIndex ?? defaultPageIndex(profile, await pageCount(reader));
  const page = await findPage(reader, pageIndex);
  const given = placement?.rect;
  if (given && given[2] !== given[0] && given[3] !== given[1]) {
    if (!given.every(Number.isFinite)) throw new KysoError("BAD_REQUEST", "the signature rectangle has a non-finite coordinate");
    return { pageIndex, rect: [Math.min(given[0], given[2]), Math.min(given[1], given[3]), Math.max(given[0], given[2]), Math.max(given[1], given[3])] };
  }
  return { pageIndex, rect: displayedRectToUserSpace(page, defaultDisplayedRect(profile, displayedPageSize(page))) };
}

/**
 * The appearance builder that planSignatureField calls once it knows the widget's rectangle
 * (a new field's placement, or an existing empty field's /Rect). Issuing also gets its
 * information block, placed on the first page (Appendix I) unless policy says otherwise.
 */
export function signatureAppearanceBuilder(options: {
  reader: PdfDocumentReader;
  appearance: AppearanceOptions & { profile: VisibleProfile };
  signingTime: Date;
}): SignatureAppearanceBuilder {
  const { reader, appearance, signingTime } = options;
  return async (widget, firstObjectNumber) => {
    const info = appearance.profile === "issuing" ? await infoBlockPlacement(reader, appearance.infoBlockPlacement) : undefined;
    const built = await buildAppearanceObjects({
      content: { profile: appearance.profile, options: appearance, signingTime },
      fonts: appearance.fonts,
      widget,
      ...(info ? { infoBlock: info.target } : {}),
      firstObjectNumber,
    });
    const annotations: AppearanceAnnotation[] =
      info && built.infoBlockFormXObjectNumber !== undefined
        ? [{ pageIndex: info.pageIndex, rect: info.target.rect, formXObjectNumber: built.infoBlockFormXObjectNumber, contents: informationText(appearance, signingTime) }]
        : [];
    return { objects: built.objects, formXObjectNumber: built.formXObjectNumber, annotations, nextObjectNumber: built.nextObjectNumber };
  };
}

async function infoBlockPlacement(reader: PdfDocumentReader, placement: AppearancePlacement | undefined): Promise<{ pageIndex: number; target: AppearanceTarget }> {
  const pageIndex = placement?.pageIndex ?? 0;
  const page = await findPage(reader, pageIndex);
  const rect = placement?.rect ?? displayedRectToUserSpace(page, infoBlockDisplayedRect(displayedPageSize(page)));
  return { pageIndex, target: { rect, rotate: page.rotate } };
}

function informationText(appearance: AppearanceOptions, signingTime: Date): string {
  return [appearance.organisation ?? appearance.signerName, vietnamTimeText(signingTime).iso8601].filter(Boolean).join(", ");
}
