import { describe, expect, it } from "vitest";
import { classicPdf, latin1Bytes } from "../../../test/pdf-corpus/hand-built-pdf.js";
import { memoryByteSource } from "../byte-source.js";
import { certificationPermission } from "../../pades/docmdp-guard.js";
import { docMdpPermission } from "./docmdp-permission.js";
import { PdfDocumentReader } from "./pdf-document-reader.js";

const PAGES = ["<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"];
const reference = (p: string) => `<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /V /1.2 ${p} >> >>`;

/** A document certified by signature object 4, whose /Reference array is `references`. */
function certified(references: string[]): Promise<PdfDocumentReader> {
  const text = classicPdf({ objects: ["<< /Type /Catalog /Pages 2 0 R /Perms << /DocMDP 4 0 R >> >>", ...PAGES, `<< /Type /Sig /Filter /Adobe.PPKLite /Reference [${references.join(" ")}] >>`] });
  return PdfDocumentReader.open(memoryByteSource(latin1Bytes(text)));
}

describe("the DocMDP permission the signer and the verifier both read", () => {
  it("is undefined for a document that is not certified, which the signer treats as P=3", async () => {
    const reader = await PdfDocumentReader.open(memoryByteSource(latin1Bytes(classicPdf({ objects: ["<< /Type /Catalog /Pages 2 0 R >>", ...PAGES] }))));
    expect(await docMdpPermission(reader)).toBeUndefined();
    expect(await certificationPermission(reader)).toBe(3);
  });

  it.each([
    ["P=1", [reference("/P 1")], 1],
    ["P=3", [reference("/P 3")], 3],
    ["no /P: the default 2", [reference("")], 2],
    ["no DocMDP reference at all: the default 2", [], 2],
    ["two references: the most restrictive", [reference("/P 3"), reference("/P 1")], 1],
    ["an undefined value below 2 (P=0): 1", [reference("/P 0")], 1],
    ["an undefined value above (P=7): 2, never more than the default", [reference("/P 7")], 2],
    ["a fraction (P=2.6): 2", [reference("/P 2.6")], 2],
  ] as const)("reads %s — and the signer reads the same", async (_name, references, level) => {
    const reader = await certified([...references]);
    expect(await docMdpPermission(reader)).toBe(level);
    expect(await certificationPermission(reader)).toBe(level);
  });
});
