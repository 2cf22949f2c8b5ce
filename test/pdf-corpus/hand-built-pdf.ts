/**
 * Hand-assembled PDF files with correct offsets, written as Latin-1 text (every byte below
 * 0x100 is one character). Hostile fixtures start from one of these and break one thing, so
 * that each fixture exercises exactly the defect it names.
 */

/** Catalog, page tree and one A4 page: objects 1, 2, 3. */
export const MINIMAL_OBJECTS = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"];

const HEADER = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";

export const latin1Bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

/** Objects 1..n as `N 0 obj … endobj`, returning the text and each object's offset. */
function body(objects: string[]): { text: string; offsets: number[] } {
  let text = HEADER;
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  return { text, offsets };
}

const entry = (offset: number, generation = 0, type = "n") => `${String(offset).padStart(10, "0")} ${String(generation).padStart(5, "0")} ${type} \n`;

/** ISO 32000-2 §7.5.4: a classic cross-reference table and trailer. `trailer` replaces the default entries. */
export function classicPdf(options: { objects?: string[]; trailer?: string } = {}): string {
  const objects = options.objects ?? MINIMAL_OBJECTS;
  const { text, offsets } = body(objects);
  const xrefAt = text.length;
  const table = `xref\n0 ${objects.length + 1}\n${entry(0, 65535, "f")}${offsets.map((o) => entry(o)).join("")}`;
  const trailer = options.trailer ?? `/Size ${objects.length + 1} /Root 1 0 R`;
  return `${text}${table}trailer\n<< ${trailer} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
}

/** Where the last `xref` keyword or xref stream starts, as written after `startxref`. */
export function startxrefOf(text: string): number {
  return Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)![1]);
}

function bigEndian(value: number, width: number): string {
  let out = "";
  for (let i = width - 1; i >= 0; i -= 1) out += String.fromCharCode(Math.floor(value / 256 ** i) % 256);
  return out;
}

export interface XrefStreamOptions {
  objects?: string[];
  /** Rows as [type, field2, field3] for objects 0..n; default: 0 free, the rest type 1 at their offsets. */
  rows?: (offsets: number[]) => Array<[number, number, number]>;
  /** Widths used to encode the rows. */
  widths?: [number, number, number];
  /** Extra or overriding dictionary text (written after the defaults, so a later key wins in readers that keep the last). */
  dict?: (defaults: { size: number; length: number }) => string;
}

/**
 * §7.5.8: the objects followed by an uncompressed cross-reference stream (object n+1) that
 * lists them, its own entry included.
 */
export function xrefStreamPdf(options: XrefStreamOptions = {}): string {
  const objects = options.objects ?? MINIMAL_OBJECTS;
  const { text, offsets } = body(objects);
  const xrefAt = text.length;
  const widths = options.widths ?? [1, 4, 2];
  const rows = options.rows?.(offsets) ?? [[0, 0, 65535] as [number, number, number], ...offsets.map((o): [number, number, number] => [1, o, 0])];
  rows.push([1, xrefAt, 0]);
  const data = rows.map((row) => row.map((field, i) => bigEndian(field, widths[i]!)).join("")).join("");
  const size = objects.length + 2;
  const dict = options.dict?.({ size, length: data.length }) ?? `/Type /XRef /Size ${size} /W [${widths.join(" ")}] /Root 1 0 R /Length ${data.length}`;
  return `${text}${objects.length + 1} 0 obj\n<< ${dict} >>\nstream\n${data}\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`;
}

/**
 * §7.5.7: catalog, page tree and page inside an uncompressed object stream (object 4), found
 * through a cross-reference stream (object 5). `streamDict` overrides /N, /First, /Length.
 */
export function objectStreamPdf(options: { streamDict?: (defaults: { n: number; first: number; length: number }) => string } = {}): string {
  const inner = MINIMAL_OBJECTS;
  let pairs = "";
  let objectsText = "";
  inner.forEach((object, i) => {
    pairs += `${i + 1} ${objectsText.length} `;
    objectsText += `${object}\n`;
  });
  const data = pairs + objectsText;
  const defaults = { n: inner.length, first: pairs.length, length: data.length };
  const dict = options.streamDict?.(defaults) ?? `/Type /ObjStm /N ${defaults.n} /First ${defaults.first} /Length ${defaults.length}`;
  return xrefStreamPdf({
    objects: ["null", "null", "null", `<< ${dict} >>\nstream\n${data}\nendstream`],
    rows: (offsets) => [[0, 0, 65535], [2, 4, 0], [2, 4, 1], [2, 4, 2], [1, offsets[3]!, 0]],
  });
}
