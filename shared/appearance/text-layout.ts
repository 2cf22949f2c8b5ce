/** Tinos (Times New Roman metrics): ascender 1825 and descender 443 of 2048 units per em. */
const ASCENT_PER_EM = 1825 / 2048;
const DESCENT_PER_EM = 443 / 2048;
/** Times New Roman's single spacing. */
const LINE_HEIGHT_PER_EM = 1.15;
const SIZE_STEP = 0.5;

export interface TextParagraph {
  text: string;
  bold?: boolean;
}

/** Width in points of `text` set at `size` points, in the regular or the bold face. */
export type MeasureText = (line: { text: string; bold: boolean }, size: number) => number;

export interface TextBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidOutLine {
  text: string;
  bold: boolean;
  x: number;
  baseline: number;
}

export interface TextBlockLayout {
  size: number;
  lines: LaidOutLine[];
}

export interface TextBlockRequest {
  paragraphs: TextParagraph[];
  box: TextBox;
  /** The wanted size (Appendix I: 10 pt); smaller only when the text would not fit. */
  size: number;
  minSize: number;
  align: "left" | "centre";
  measure: MeasureText;
}

/**
 * Word-wraps paragraphs into the box and centres the block vertically. Long text shrinks
 * step by step down to `minSize`, then is clipped by the form's /BBox (§8.10.1) rather than
 * refused: a stamp must never stop a signature.
 */
export function layoutTextBlock(request: TextBlockRequest): TextBlockLayout {
  const { box, measure } = request;
  let size = request.size;
  let lines = wrapAll(request, size);
  while (size - SIZE_STEP >= request.minSize && !fits(lines, { box, size, measure })) {
    size -= SIZE_STEP;
    lines = wrapAll(request, size);
  }
  const lineHeight = size * LINE_HEIGHT_PER_EM;
  const blockHeight = (lines.length - 1) * lineHeight + (ASCENT_PER_EM + DESCENT_PER_EM) * size;
  const firstBaseline = box.y + (box.height + blockHeight) / 2 - ASCENT_PER_EM * size;
  return {
    size,
    lines: lines.map((line, i) => {
      const free = box.width - measure(line, size);
      return { ...line, x: box.x + (request.align === "centre" ? Math.max(0, free / 2) : 0), baseline: firstBaseline - i * lineHeight };
    }),
  };
}

function fits(lines: Array<{ text: string; bold: boolean }>, options: { box: TextBox; size: number; measure: MeasureText }): boolean {
  const { box, size, measure } = options;
  const height = (lines.length - 1) * size * LINE_HEIGHT_PER_EM + (ASCENT_PER_EM + DESCENT_PER_EM) * size;
  return height <= box.height && lines.every((line) => measure(line, size) <= box.width);
}

function wrapAll(request: TextBlockRequest, size: number): Array<{ text: string; bold: boolean }> {
  return request.paragraphs.flatMap((paragraph) => {
    const bold = paragraph.bold ?? false;
    const width = (text: string) => request.measure({ text, bold }, size);
    return wrapParagraph(paragraph.text, { maxWidth: request.box.width, width }).map((text) => ({ text, bold }));
  });
}

/** Greedy word wrap; a word wider than the line is cut between characters. */
function wrapParagraph(text: string, options: { maxWidth: number; width: (text: string) => number }): string[] {
  const { maxWidth, width } = options;
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (width(candidate) <= maxWidth) {
      current = candidate;
      continue;
    }
    if (current) lines.push(current);
    current = "";
    for (const char of Array.from(word)) {
      if (current && width(current + char) > maxWidth) {
        lines.push(current);
        current = "";
      }
      current += char;
    }
  }
  if (current || lines.length === 0) lines.push(current);
  return lines;
}
