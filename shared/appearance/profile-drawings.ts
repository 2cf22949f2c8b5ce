import type { AppearanceCanvas } from "./appearance-canvas.js";
import type { AppearanceOptions, RgbColor } from "./appearance-options.js";
import type { VisibleProfile } from "./default-placement.js";
import type { UprightSize } from "./page-geometry.js";
import { pngRealSize } from "./png-real-size.js";
import type { TextBox, TextParagraph } from "./text-layout.js";
import { vietnamTimeText } from "./vietnam-time.js";

/** Appendix I: information text in 10 pt. */
const INFO_TEXT_SIZE = 10;
/** The signer's name standing in for a missing signature image is set a little larger. */
const NAME_TEXT_SIZE = 12;
const PADDING = 2;
/** Text keeps clear of a stamp's border. */
const STAMP_PADDING = 5;
/** Art. 33.1: the seal covers about a third of the signature, on its left. */
const SEAL_OVERLAP = 1 / 3;
const BLACK: RgbColor = [0, 0, 0];
/** When there is no name at all: "digitally signed". */
const SIGNED_WITHOUT_NAME = "Đã ký số";

export interface ProfileContent {
  profile: VisibleProfile;
  options: AppearanceOptions;
  signingTime: Date;
}

/** Draws the signature widget's own appearance for a profile (DECREE30.md table). */
export async function drawProfileAppearance(canvas: AppearanceCanvas, content: ProfileContent): Promise<void> {
  const { options } = content;
  const time = vietnamTimeText(content.signingTime);
  const box = inner(canvas.size, PADDING);
  const text = (paragraphs: TextParagraph[], padding = PADDING) =>
    canvas.drawText({ paragraphs, box: inner(canvas.size, padding), size: INFO_TEXT_SIZE, color: colorOf(options), align: "left" });
  switch (content.profile) {
    case "approval":
      if (options.signerImagePng) await drawFitted(canvas, { png: options.signerImagePng, box });
      else await drawName(canvas, { options, box });
      return;
    case "issuing":
      await drawSealOverSignature(canvas, options);
      return;
    case "copy":
      await text([{ text: organisationOf(options), bold: true }, { text: `Thời gian ký: ${time.iso8601}` }]);
      return;
    case "attachment":
      await text([...(options.documentNumber ? [{ text: `Số, ký hiệu: ${options.documentNumber}` }] : []), { text: `Thời gian ký: ${time.iso8601}` }]);
      return;
    case "comment":
      canvas.drawBorder(borderBox(canvas.size), colorOf(options));
      await text([...(options.stampText ? [{ text: options.stampText }] : []), { text: options.signerName ?? SIGNED_WITHOUT_NAME, bold: true }, { text: time.display }], STAMP_PADDING);
      return;
    case "incoming":
      // The incoming-document receipt ("dấu Đến", Decree 30 Appendix IV): number and date.
      canvas.drawBorder(borderBox(canvas.size), colorOf(options));
      await text([{ text: "ĐẾN", bold: true }, { text: `Số: ${options.documentNumber ?? ""}` }, { text: `Ngày: ${time.display}` }], STAMP_PADDING);
      return;
  }
}

/** Issuing: the organisation's information block (name, signing time local and ISO 8601). */
export async function drawInformationBlock(canvas: AppearanceCanvas, content: ProfileContent): Promise<void> {
  const time = vietnamTimeText(content.signingTime);
  await canvas.drawText({
    paragraphs: [{ text: organisationOf(content.options), bold: true }, { text: `Thời gian ký: ${time.display}` }, { text: time.iso8601 }],
    box: inner(canvas.size, PADDING),
    size: INFO_TEXT_SIZE,
    color: colorOf(content.options),
    align: "left",
  });
}

/**
 * Issuing: the red seal at its real size over the left third of the signer's image (drawn
 * after it, as the seal is stamped after signing). Without a signature image the seal stands
 * alone, to be placed over the approval signature already on the page; without a seal image
 * the organisation's name takes the seal's place.
 */
async function drawSealOverSignature(canvas: AppearanceCanvas, options: AppearanceOptions): Promise<void> {
  const box = inner(canvas.size, PADDING);
  const side = Math.min(box.width, box.height);
  const seal = options.sealImagePng ? await sealSize(canvas, { png: options.sealImagePng, max: box }) : { width: side, height: side };
  // The seal keeps its real size; the signature gets what is left beside it.
  const room = { width: Math.min(box.width, (box.width - seal.width) / (1 - SEAL_OVERLAP)), height: box.height };
  const signature = options.signerImagePng && room.width > 0 ? fitInside(await canvas.imageSize(options.signerImagePng), room) : { width: 0, height: 0 };
  const total = seal.width + signature.width * (1 - SEAL_OVERLAP);
  const sealBox = { x: box.x + (box.width - total) / 2, y: box.y + (box.height - seal.height) / 2, ...seal };
  if (options.signerImagePng && signature.width > 0) {
    const x = sealBox.x + sealBox.width - signature.width * SEAL_OVERLAP;
    await canvas.drawImage(options.signerImagePng, { x, y: box.y + (box.height - signature.height) / 2, ...signature });
  }
  if (options.sealImagePng) await canvas.drawImage(options.sealImagePng, sealBox);
  else await drawName(canvas, { options, box: sealBox });
}

/** The seal's printed size when the PNG records it and it fits, else as large as the box allows. */
async function sealSize(canvas: AppearanceCanvas, options: { png: Uint8Array; max: UprightSize }): Promise<UprightSize> {
  const real = pngRealSize(options.png);
  if (real && real.width <= options.max.width && real.height <= options.max.height) return real;
  return fitInside(real ?? (await canvas.imageSize(options.png)), options.max);
}

async function drawFitted(canvas: AppearanceCanvas, options: { png: Uint8Array; box: TextBox }): Promise<void> {
  const { box } = options;
  const size = fitInside(await canvas.imageSize(options.png), box);
  await canvas.drawImage(options.png, { x: box.x + (box.width - size.width) / 2, y: box.y + (box.height - size.height) / 2, ...size });
}

/** A missing image never fails a signature: the signer's name (certificate CN) is drawn instead. */
async function drawName(canvas: AppearanceCanvas, options: { options: AppearanceOptions; box: TextBox }): Promise<void> {
  const name = options.options.signerName ?? options.options.organisation ?? SIGNED_WITHOUT_NAME;
  await canvas.drawText({ paragraphs: [{ text: name, bold: true }], box: options.box, size: NAME_TEXT_SIZE, color: colorOf(options.options), align: "centre" });
}

/** Scales an image to fit the box, keeping its aspect ratio. */
function fitInside(image: UprightSize, box: UprightSize): UprightSize {
  const scale = Math.min(box.width / Math.max(image.width, 1), box.height / Math.max(image.height, 1));
  return { width: image.width * scale, height: image.height * scale };
}

function inner(size: UprightSize, padding: number): TextBox {
  return { x: padding, y: padding, width: Math.max(1, size.width - 2 * padding), height: Math.max(1, size.height - 2 * padding) };
}

function borderBox(size: UprightSize): TextBox {
  return { x: 0.5, y: 0.5, width: Math.max(0, size.width - 1), height: Math.max(0, size.height - 1) };
}

function organisationOf(options: AppearanceOptions): string {
  return options.organisation ?? options.signerName ?? SIGNED_WITHOUT_NAME;
}

function colorOf(options: AppearanceOptions): RgbColor {
  return options.textColor ?? BLACK;
}
