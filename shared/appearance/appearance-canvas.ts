import type { PDFDocument, PDFFont, PDFImage, PDFRef } from "pdf-lib";
import { KysoError } from "../protocol/kyso-error.js";
import type { FontSource, RgbColor } from "./appearance-options.js";
import { fontkit } from "./numbered-pdf-lib-document.js";
import { uprightFormMatrix, type PageRotation, type UprightSize } from "./page-geometry.js";
import { layoutTextBlock, type TextBox, type TextParagraph } from "./text-layout.js";

/** Fonts and images of one update, embedded once and shared by all its appearance forms. */
export class AppearanceAssets {
  private readonly faces = new Map<"regular" | "bold", Promise<PDFFont>>();
  private readonly images = new Map<Uint8Array, Promise<PDFImage>>();

  constructor(
    readonly document: PDFDocument,
    private readonly fonts: FontSource,
  ) {}

  /** Subset embedding (§9.9): only the glyphs actually shown travel with the file. */
  face(bold: boolean): Promise<PDFFont> {
    const key = bold ? "bold" : "regular";
    let font = this.faces.get(key);
    if (!font) {
      const bytes = this.fonts[key];
      const customName = `${subsetTag(this.document.context.largestObjectNumber + 1)}+${fontkit.create(bytes).postscriptName ?? (bold ? "Serif-Bold" : "Serif")}`;
      font = this.document.embedFont(bytes, { subset: true, customName });
      this.faces.set(key, font);
    }
    return font;
  }

  image(png: Uint8Array): Promise<PDFImage> {
    let image = this.images.get(png);
    if (!image) {
      image = this.document.embedPng(png).catch((error: unknown) => {
        throw new KysoError("BAD_REQUEST", "the appearance image is not a readable PNG", { cause: error });
      });
      this.images.set(png, image);
    }
    return image;
  }
}

/**
 * One appearance stream: a form XObject (§8.10) whose content is drawn upright in
 * [0 0 width height]. Content operators are written directly; pdf-lib only embeds the fonts
 * and images the content refers to.
 */
export class AppearanceCanvas {
  private readonly content: string[] = [];
  private readonly fontNames = new Map<PDFFont, string>();
  private readonly imageNames = new Map<PDFImage, string>();

  constructor(
    private readonly assets: AppearanceAssets,
    readonly size: UprightSize,
  ) {}

  async drawImage(png: Uint8Array, box: TextBox): Promise<void> {
    const image = await this.assets.image(png);
    const name = this.nameOf(this.imageNames, image, "Im");
    this.content.push(`q ${n(box.width)} 0 0 ${n(box.height)} ${n(box.x)} ${n(box.y)} cm /${name} Do Q`);
  }

  /** Pixel size of an image, for keeping its aspect ratio. */
  async imageSize(png: Uint8Array): Promise<UprightSize> {
    const image = await this.assets.image(png);
    return { width: image.width, height: image.height };
  }

  async drawText(request: { paragraphs: TextParagraph[]; box: TextBox; size: number; color: RgbColor; align: "left" | "centre" }): Promise<void> {
    const paragraphs = request.paragraphs.map((p) => ({ ...p, text: p.text.normalize("NFC") }));
    // Only the faces in use are embedded: an unused one would still cost a font program.
    const regular = paragraphs.some((p) => !p.bold) ? await this.assets.face(false) : undefined;
    const bold = paragraphs.some((p) => p.bold) ? await this.assets.face(true) : undefined;
    const faceOf = (isBold: boolean) => (isBold ? bold : regular)!;
    const layout = layoutTextBlock({
      paragraphs,
      box: request.box,
      size: request.size,
      minSize: Math.min(request.size, 5),
      align: request.align,
      measure: (line, size) => faceOf(line.bold).widthOfTextAtSize(line.text, size),
    });
    this.content.push(`BT ${rgb(request.color)} rg`);
    for (const line of layout.lines) {
      const font = faceOf(line.bold);
      this.content.push(`/${this.nameOf(this.fontNames, font, "F")} ${n(layout.size)} Tf 1 0 0 1 ${n(line.x)} ${n(line.baseline)} Tm ${font.encodeText(line.text).toString()} Tj`);
    }
    this.content.push("ET");
  }

  drawBorder(box: TextBox, color: RgbColor): void {
    this.content.push(`q ${rgb(color)} RG 0.8 w ${n(box.x)} ${n(box.y)} ${n(box.width)} ${n(box.height)} re S Q`);
  }

  /** Registers the form XObject; `rotate` turns it against the page's /Rotate (see uprightFormMatrix). */
  finish(rotate: PageRotation): PDFRef {
    const { context } = this.assets.document;
    const resources: Record<string, Record<string, PDFRef>> = {};
    if (this.fontNames.size > 0) resources.Font = Object.fromEntries([...this.fontNames].map(([font, name]) => [name, font.ref]));
    if (this.imageNames.size > 0) resources.XObject = Object.fromEntries([...this.imageNames].map(([image, name]) => [name, image.ref]));
    const form = context.flateStream(this.content.join("\n"), {
      Type: "XObject",
      Subtype: "Form",
      BBox: [0, 0, this.size.width, this.size.height],
      Matrix: uprightFormMatrix(this.size, rotate),
      Resources: resources,
    });
    return context.register(form);
  }

  private nameOf<T>(names: Map<T, string>, item: T, prefix: string): string {
    let name = names.get(item);
    if (!name) {
      name = `${prefix}${names.size + 1}`;
      names.set(item, name);
    }
    return name;
  }
}

/**
 * §9.6.4: a subset's name starts with six upper-case letters and "+", different for each
 * subset in the file. The font's first object number is unique in the file, so it spells one.
 */
function subsetTag(objectNumber: number): string {
  let rest = objectNumber;
  let tag = "";
  for (let i = 0; i < 6; i += 1) {
    tag = String.fromCharCode(65 + (rest % 26)) + tag;
    rest = Math.floor(rest / 26);
  }
  return tag;
}

/** PDF numbers have no exponent form (§7.3.3). */
function n(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(3).replace(/\.?0+$/, "");
}

function rgb(color: RgbColor): string {
  return color.map((c) => n(Math.min(1, Math.max(0, c)))).join(" ");
}
