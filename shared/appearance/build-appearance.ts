import type { FontSource, PdfRect } from "./appearance-options.js";
import { AppearanceAssets, AppearanceCanvas } from "./appearance-canvas.js";
import { createNumberedDocument, serialiseNewObjects, type RawPdfObject } from "./numbered-pdf-lib-document.js";
import { uprightSizeOfRect, type PageRotation } from "./page-geometry.js";
import { drawInformationBlock, drawProfileAppearance, type ProfileContent } from "./profile-drawings.js";

/** An annotation rectangle in user space and the /Rotate of its page. */
export interface AppearanceTarget {
  rect: PdfRect;
  rotate: PageRotation;
}

export interface BuiltAppearanceObjects {
  /** New objects, numbered from `firstObjectNumber` on: forms, fonts, images, ToUnicode CMaps. */
  objects: RawPdfObject[];
  /** The widget's normal appearance, /AP /N (§12.5.5). */
  formXObjectNumber: number;
  /** Issuing: the information block's form, for an annotation of its own. */
  infoBlockFormXObjectNumber?: number;
  /** The first object number these objects leave free. */
  nextObjectNumber: number;
}

export interface BuildAppearanceRequest {
  content: ProfileContent;
  fonts: FontSource;
  widget: AppearanceTarget;
  infoBlock?: AppearanceTarget;
  firstObjectNumber: number;
}

/**
 * Builds the appearance streams (§12.5.5) of one signature as new objects of the incremental
 * update: each a form XObject (§8.10) drawn upright in [0 0 w h] with a /Matrix that undoes
 * the page's /Rotate. Fonts and images are shared between the forms of one signature.
 */
export async function buildAppearanceObjects(request: BuildAppearanceRequest): Promise<BuiltAppearanceObjects> {
  const document = await createNumberedDocument(request.firstObjectNumber);
  const assets = new AppearanceAssets(document, request.fonts);

  const widget = new AppearanceCanvas(assets, uprightSizeOfRect(request.widget.rect, request.widget.rotate));
  await drawProfileAppearance(widget, request.content);
  const formRef = widget.finish(request.widget.rotate);

  let infoBlockFormXObjectNumber: number | undefined;
  if (request.infoBlock) {
    const info = new AppearanceCanvas(assets, uprightSizeOfRect(request.infoBlock.rect, request.infoBlock.rotate));
    await drawInformationBlock(info, request.content);
    infoBlockFormXObjectNumber = info.finish(request.infoBlock.rotate).objectNumber;
  }

  const { objects, nextObjectNumber } = await serialiseNewObjects(document);
  return {
    objects,
    formXObjectNumber: formRef.objectNumber,
    ...(infoBlockFormXObjectNumber === undefined ? {} : { infoBlockFormXObjectNumber }),
    nextObjectNumber,
  };
}
