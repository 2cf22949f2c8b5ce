import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { memoryByteSource } from "../pdf/byte-source.js";
import { PdfName, PdfRef, PdfStream, numberValue, type PdfValue } from "../pdf/objects.js";
import { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";
import type { AppearanceOptions, FontSource } from "./appearance-options.js";
import { buildAppearanceObjects, type BuildAppearanceRequest } from "./build-appearance.js";
import type { VisibleProfile } from "./default-placement.js";
import { sealImagePng, signatureImagePng } from "./fixtures/sample-images.js";
import { fontkit, type RawPdfObject } from "./numbered-pdf-lib-document.js";

const fonts: FontSource = {
  regular: new Uint8Array(readFileSync(new URL("fonts/Tinos-Regular.ttf", import.meta.url))),
  bold: new Uint8Array(readFileSync(new URL("fonts/Tinos-Bold.ttf", import.meta.url))),
};
const signingTime = new Date("2025-03-14T03:04:05Z");
const FIRST = 1000;

function request(profile: VisibleProfile, options: Partial<AppearanceOptions> = {}): BuildAppearanceRequest {
  return {
    content: { profile, options: { profile, fonts, ...options }, signingTime },
    fonts,
    widget: { rect: [100, 100, 300, 180], rotate: 0 },
    firstObjectNumber: FIRST,
  };
}

/** Wraps the objects into a minimal classic-xref PDF so the project's own reader can inspect them. */
async function readBack(objects: RawPdfObject[]): Promise<PdfDocumentReader> {
  const chunks: string[] = ["%PDF-1.7\n"];
  let length = chunks[0]!.length;
  const offsets = new Map<number, number>();
  const add = (text: string) => {
    chunks.push(text);
    length += text.length;
  };
  const all = [{ objectNumber: 1, body: new TextEncoder().encode("<< /Type /Catalog >>") }, ...objects];
  for (const object of all) {
    offsets.set(object.objectNumber, length);
    add(`${object.objectNumber} 0 obj\n${String.fromCharCode(...object.body)}\nendobj\n`);
  }
  const xref = length;
  add(`xref\n0 2\n0000000000 65535 f\r\n${String(offsets.get(1)).padStart(10, "0")} 00000 n\r\n`);
  add(`${objects[0]!.objectNumber} ${objects.length}\n${objects.map((o) => `${String(offsets.get(o.objectNumber)).padStart(10, "0")} 00000 n\r\n`).join("")}`);
  add(`trailer\n<< /Size ${objects.at(-1)!.objectNumber + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return PdfDocumentReader.open(memoryByteSource(Uint8Array.from(chunks.join(""), (c) => c.charCodeAt(0))));
}

async function formOf(reader: PdfDocumentReader, objectNumber: number): Promise<PdfStream> {
  const form = await reader.getObject(new PdfRef(objectNumber, 0));
  if (!(form instanceof PdfStream)) throw new Error("the appearance is not a stream");
  return form;
}

async function resourceNames(reader: PdfDocumentReader, form: PdfStream, kind: "Font" | "XObject"): Promise<string[]> {
  const resources = await reader.resolveDict(form.dict.get("Resources"));
  return [...((await reader.resolveDict(resources?.get(kind)))?.entries.keys() ?? [])];
}

const numbers = (value: PdfValue | undefined) => (Array.isArray(value) ? value.map((v) => numberValue(v)) : undefined);

describe("appearance objects for the incremental update", () => {
  it("numbers every object from the first free number on, contiguously, and reports the next free one", async () => {
    const built = await buildAppearanceObjects(request("issuing", { signerImagePng: signatureImagePng(), sealImagePng: sealImagePng(), organisation: "UBND" }));
    const objectNumbers = built.objects.map((o) => o.objectNumber);
    expect(objectNumbers).toEqual(objectNumbers.map((_, i) => FIRST + i));
    expect(built.nextObjectNumber).toBe(FIRST + objectNumbers.length);
    expect(objectNumbers).toContain(built.formXObjectNumber);
  });

  it("refers only to objects it brings along, so that the update is self-contained", async () => {
    const built = await buildAppearanceObjects(request("issuing", { signerImagePng: signatureImagePng(), sealImagePng: sealImagePng() }));
    const own = new Set(built.objects.map((o) => o.objectNumber));
    for (const object of built.objects) {
      const text = String.fromCharCode(...object.body.subarray(0, Math.min(object.body.length, 4096)));
      const dictionary = text.split("stream")[0]!;
      for (const match of dictionary.matchAll(/(\d+) 0 R/g)) expect(own.has(Number(match[1])), `${object.objectNumber} refers to ${match[0]}`).toBe(true);
    }
  });

  it("makes the widget's appearance a form XObject with a BBox of the rectangle's size (§8.10, §12.5.5)", async () => {
    const built = await buildAppearanceObjects(request("approval", { signerImagePng: signatureImagePng() }));
    const reader = await readBack(built.objects);
    const form = await formOf(reader, built.formXObjectNumber);
    expect(form.dict.get("Type")).toBe(PdfName.of("XObject"));
    expect(form.dict.get("Subtype")).toBe(PdfName.of("Form"));
    expect(numbers(form.dict.get("BBox"))).toEqual([0, 0, 200, 80]);
    expect(numbers(form.dict.get("Matrix"))).toEqual([1, 0, 0, 1, 0, 0]);
    expect(await resourceNames(reader, form, "XObject")).toEqual(["Im1"]);
    const content = new TextDecoder().decode(await reader.readStreamData(form, { decode: true }));
    expect(content).toMatch(/cm \/Im1 Do/);
  });

  it("turns the appearance against a /Rotate 90 page and swaps its sides, so that it reads upright", async () => {
    const built = await buildAppearanceObjects({ ...request("copy", { organisation: "Sở Tư pháp" }), widget: { rect: [100, 100, 160, 300], rotate: 90 } });
    const form = await formOf(await readBack(built.objects), built.formXObjectNumber);
    expect(numbers(form.dict.get("BBox"))).toEqual([0, 0, 200, 60]);
    expect(numbers(form.dict.get("Matrix"))).toEqual([0, 1, -1, 0, 60, 0]);
  });

  it("draws the signer's name instead of a missing signature image, never failing", async () => {
    const built = await buildAppearanceObjects(request("approval", { signerName: "Nguyễn Văn An" }));
    const reader = await readBack(built.objects);
    const form = await formOf(reader, built.formXObjectNumber);
    expect(await resourceNames(reader, form, "XObject")).toEqual([]);
    expect(await resourceNames(reader, form, "Font")).toEqual(["F1"]);
    expect(await embeddedText(reader, form)).toContain("ễ");
  });

  it("draws issuing's information block as a second form sharing the fonts", async () => {
    const built = await buildAppearanceObjects({ ...request("issuing", { sealImagePng: sealImagePng(), organisation: "Ủy ban nhân dân tỉnh Đồng Tháp" }), infoBlock: { rect: [359, 746, 559, 806], rotate: 0 } });
    expect(built.infoBlockFormXObjectNumber).toBeDefined();
    const reader = await readBack(built.objects);
    const info = await formOf(reader, built.infoBlockFormXObjectNumber!);
    expect(numbers(info.dict.get("BBox"))).toEqual([0, 0, 200, 60]);
    const text = await embeddedText(reader, info);
    for (const expected of ["Ủ", "Đ", "ồ", "á", "2", "+", "7"]) expect(text).toContain(expected);
  });

  it.each(["ễ", "ộ", "ư", "ơ", "đ", "ỉ"])("embeds a subset font whose ToUnicode maps %s to Tinos's own outline for it (no tofu)", async (letter) => {
    const built = await buildAppearanceObjects(request("comment", { stampText: "Nguyễn Độ Sương Thơ đỉnh", signerName: "An" }));
    const reader = await readBack(built.objects);
    const form = await formOf(reader, built.formXObjectNumber);
    const font = await fontResources(reader, form, "F1");
    const glyphId = font.toUnicode.get(letter);
    expect(glyphId, `${letter} in ToUnicode`).toBeDefined();
    expect(glyphId).not.toBe(0);
    const original = fontkit.create(fonts.regular).glyphForCodePoint(letter.codePointAt(0)!);
    expect(original.bbox.maxY - original.bbox.minY).toBeGreaterThan(0);
    expect(font.program.getGlyph(glyphId!).path.bbox, `outline of ${letter}`).toEqual(original.path.bbox);
  });

  it("names each font as a subset with a six-letter tag unique in the file (§9.6.4)", async () => {
    const built = await buildAppearanceObjects(request("comment", { stampText: "Đồng ý" }));
    const reader = await readBack(built.objects);
    const font = await reader.resolveDict((await reader.resolveDict((await reader.resolveDict((await formOf(reader, built.formXObjectNumber)).dict.get("Resources")))?.get("Font")))?.get("F1"));
    const baseFont = font?.get("BaseFont");
    expect(baseFont instanceof PdfName ? baseFont.value : "").toMatch(/^[A-Z]{6}\+Tinos/);
  });
});

/** The font program and its CID → Unicode map (pdf-lib's Identity-H: CID = subset glyph id). */
async function fontResources(reader: PdfDocumentReader, form: PdfStream, name: string) {
  const resources = await reader.resolveDict(form.dict.get("Resources"));
  const type0 = (await reader.resolveDict((await reader.resolveDict(resources?.get("Font")))?.get(name)))!;
  const toUnicodeStream = (await reader.resolve(type0.get("ToUnicode"))) as PdfStream;
  const cmap = new TextDecoder().decode(await reader.readStreamData(toUnicodeStream, { decode: true }));
  const toUnicode = new Map<string, number>();
  for (const [, cid, unicode] of cmap.matchAll(/<([0-9a-f]{4})> <([0-9a-f]+)>/gi)) {
    toUnicode.set(String.fromCharCode(...(unicode!.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16))), parseInt(cid!, 16));
  }
  const descendants = (await reader.resolve(type0.get("DescendantFonts"))) as PdfValue[];
  const cidFont = (await reader.resolveDict(descendants[0]))!;
  const descriptor = (await reader.resolveDict(cidFont.get("FontDescriptor")))!;
  const fontFile = (await reader.resolve(descriptor.get("FontFile2"))) as PdfStream;
  const program = fontkit.create(await reader.readStreamData(fontFile, { decode: true }));
  return { toUnicode, program };
}

/** The text a form shows, through the fonts' ToUnicode maps (what a text extractor would read). */
async function embeddedText(reader: PdfDocumentReader, form: PdfStream): Promise<string> {
  const content = new TextDecoder().decode(await reader.readStreamData(form, { decode: true }));
  let text = "";
  for (const [, name, hex] of content.matchAll(/\/(F\d+) [\d.]+ Tf[^<]*<([0-9A-Fa-f]*)> Tj/g)) {
    const { toUnicode } = await fontResources(reader, form, name!);
    const byCid = new Map([...toUnicode].map(([unicode, cid]) => [cid, unicode]));
    for (const code of hex!.match(/.{4}/g) ?? []) text += byCid.get(parseInt(code, 16)) ?? "\uFFFD";
    text += "\n";
  }
  return text;
}
