import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { memoryByteSource } from "../byte-source.js";
import { PdfDict, PdfName, PdfRef, PdfStream } from "../objects.js";
import { findPage, pageCount } from "./page-tree.js";
import { PdfDocumentReader } from "./pdf-document-reader.js";

const encoder = new TextEncoder();

/** A well-formed file from object bodies, with a correct classic xref table. */
function classicPdf(objects: string[], trailerExtra = ""): string {
  let body = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefAt = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return body;
}

/** Makes object 1's xref entry hold object 2's offset. */
function pointFirstEntryAtSecondObject(text: string): string {
  const entries = /xref\n0 4\n0000000000 65535 f \n(\d{10}) 00000 n \n(\d{10})/.exec(text)!;
  return text.replace(`${entries[1]!} 00000 n \n${entries[2]!}`, `${entries[2]!} 00000 n \n${entries[2]!}`);
}

const minimal = () => classicPdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]);
const open = (text: string | Uint8Array) => PdfDocumentReader.open(memoryByteSource(typeof text === "string" ? latin1Bytes(text) : text));

function latin1Bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

async function expectMalformed(text: string | Uint8Array): Promise<void> {
  const started = performance.now();
  await expect(open(text).then(async (reader) => findPage(reader, 0))).rejects.toMatchObject({ code: "PDF_MALFORMED" });
  // Hostile input must fail fast, not hang.
  expect(performance.now() - started).toBeLessThan(2000);
}

describe("PDF reader", () => {
  it("reads the catalog, page count and first page of a classic-xref file", async () => {
    const reader = await open(minimal());
    expect(reader.xrefKind).toBe("table");
    expect(await pageCount(reader)).toBe(1);
    const page = await findPage(reader, 0);
    expect(page.ref.objectNumber).toBe(3);
    expect(page.mediaBox).toEqual([0, 0, 595, 842]);
  });

  it("parses names with #xx escapes, nested arrays, hex and literal strings with escapes", async () => {
    const reader = await open(classicPdf(["<< /Type /Catalog /Pages 2 0 R /A#20B [1 [2.5 -3] (a\\(b\\)\\101) <4B 59 53 4f>] >>", "<< /Type /Pages /Kids [] /Count 0 >>"]));
    const catalog = (await reader.getObject(new PdfRef(1, 0))) as PdfDict;
    const value = catalog.get("A B") as unknown[];
    expect(value[0]).toBe(1);
    expect(new TextDecoder().decode((value[2] as { bytes: Uint8Array }).bytes)).toBe("a(b)A");
    expect(new TextDecoder().decode((value[3] as { bytes: Uint8Array }).bytes)).toBe("KYSO");
    expect(catalog.get("Type")).toBe(PdfName.of("Catalog"));
  });

  it("resolves a stream with an indirect /Length without reading its data", async () => {
    const reader = await open(classicPdf(["<< /Type /Catalog /Pages 3 0 R /X 2 0 R >>", "<< /Length 4 0 R >>\nstream\nHELLO\nendstream", "<< /Type /Pages /Kids [] /Count 0 >>", "5"]));
    const stream = await reader.getObject(new PdfRef(2, 0));
    expect(stream).toBeInstanceOf(PdfStream);
    expect(new TextDecoder().decode(await reader.readStreamData(stream as PdfStream, { decode: false }))).toBe("HELLO");
  });

  it.each([
    ["a file that is not a PDF", encoder.encode("<html>not a pdf, just a page</html>".repeat(3))],
    ["a truncated file (no startxref)", minimal().slice(0, 120)],
    ["startxref past the end of the file", minimal().replace(/startxref\n\d+/, "startxref\n99999999")],
    ["an xref offset pointing at the wrong object", pointFirstEntryAtSecondObject(minimal())],
    ["a circular /Prev chain", (() => {
      const text = minimal();
      const xrefAt = /startxref\n(\d+)/.exec(text)![1]!;
      return text.replace("/Root 1 0 R", `/Root 1 0 R /Prev ${xrefAt}`);
    })()],
    ["an absurd object number in an xref subsection", minimal().replace("xref\n0 4", "xref\n4294967290 4")],
    ["arrays nested 100,000 deep", classicPdf([`<< /Type /Catalog /Pages 2 0 R /Deep ${"[".repeat(100_000)} >>`, "<< /Type /Pages /Kids [] /Count 0 >>"])],
    ["a page tree whose /Kids point back at the root", classicPdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R] /Count 5 >>"])],
  ])("answers %s with PDF_MALFORMED, quickly and without crashing", async (_name, input) => {
    await expectMalformed(input);
  });

  it("refuses a Flate bomb in an xref stream instead of exhausting memory", async () => {
    const bomb = deflateSync(Buffer.alloc(200 * 1024 * 1024), { level: 9 });
    const head = "%PDF-1.7\n";
    const object = `1 0 obj\n<< /Type /XRef /Size 2 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n`;
    const tail = `\nendstream\nendobj\nstartxref\n${head.length}\n%%EOF\n`;
    const bytes = Buffer.concat([Buffer.from(head + object, "latin1"), bomb, Buffer.from(tail, "latin1")]);
    await expect(open(bytes)).rejects.toMatchObject({ code: "PDF_MALFORMED" });
  });

  it("answers an encryption dictionary it cannot use with a typed error, not a crash", async () => {
    const catalogAndPages = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"];
    await expect(open(classicPdf([...catalogAndPages, "<< /Filter /Standard /V 4 >>"], "/Encrypt 3 0 R "))).rejects.toMatchObject({ code: "PDF_UNSUPPORTED" });
    await expect(open(classicPdf([...catalogAndPages, "<< /Filter /Adobe.PubSec /V 4 /R 4 >>"], "/Encrypt 3 0 R "))).rejects.toMatchObject({ code: "PDF_ENCRYPTED" });
  });
});
