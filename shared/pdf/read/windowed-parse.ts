import type { ByteSource } from "../byte-source.js";
import { PdfParser } from "./parser.js";
import { EndOfWindow, malformed } from "./pdf-syntax-error.js";

const FIRST_WINDOW = 16 * 1024;
/** Largest single object header/dictionary or xref table the engine will read. */
const MAX_WINDOW = 256 * 1024 * 1024;

/**
 * Runs `parse` over bytes read at `offset`, reading a bigger window whenever the object runs
 * past the current one. Objects are usually far smaller than the first window.
 */
export async function parseAt<T>(source: ByteSource, offset: number, parse: (parser: PdfParser) => T): Promise<T> {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= source.size) throw malformed("offset outside the file", offset);
  for (let windowSize = FIRST_WINDOW; ; windowSize *= 4) {
    const bytes = await source.read(offset, windowSize);
    const windowIsComplete = offset + bytes.length >= source.size;
    try {
      return parse(new PdfParser(bytes, { windowIsComplete, baseOffset: offset }));
    } catch (error) {
      if (!(error instanceof EndOfWindow) || windowIsComplete) throw error;
      if (windowSize >= MAX_WINDOW) throw malformed("object larger than the reading limit", offset);
    }
  }
}
