import { KysoError } from "../../protocol/kyso-error.js";
import { PdfDict, PdfName, numberValue, type PdfValue } from "../objects.js";
import { malformed } from "./pdf-syntax-error.js";

/**
 * Cap on decoded stream size: a few KB of Flate can expand to gigabytes ("zip bomb"). The
 * engine decodes only structural streams (xref and object streams), which stay far below.
 */
export const MAX_DECODED_STREAM_BYTES = 64 * 1024 * 1024;
/** Real structural streams have one filter, rarely two (§7.4: /Filter may be an array). */
const MAX_FILTERS = 4;

/** Decodes a structural stream: FlateDecode (with PNG/TIFF predictors) or no filter. */
export async function decodeStreamData(dict: PdfDict, raw: Uint8Array): Promise<Uint8Array> {
  const filters = asArray(dict.get("Filter"));
  const params = asArray(dict.get("DecodeParms"));
  // Each filter is capped, the chain is not: a thousand stacked FlateDecode layers would be.
  if (filters.length > MAX_FILTERS) throw malformed(`stream with ${filters.length} filters`);
  let data = raw;
  for (const [index, filter] of filters.entries()) {
    if (!(filter instanceof PdfName)) throw malformed("stream /Filter is not a name");
    if (filter.value !== "FlateDecode" && filter.value !== "Fl") throw new KysoError("PDF_UNSUPPORTED", `structural stream with filter ${filter.value}`);
    data = await inflate(data);
    const parms = params[index];
    if (parms instanceof PdfDict) data = undoPredictor(data, parms);
  }
  return data;
}

function asArray(value: PdfValue | undefined): PdfValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** zlib inflate via the platform's DecompressionStream (browsers and Node ≥ 18), size-capped. */
async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("deflate"));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > MAX_DECODED_STREAM_BYTES) throw malformed("stream expands beyond the decoding limit");
      chunks.push(value);
    }
  } catch (error) {
    // Truncated zlib data still yields what decoded so far, as in other readers; no data is an error.
    if (error instanceof KysoError) throw error;
    if (total === 0) throw malformed("FlateDecode data is corrupt");
  } finally {
    reader.releaseLock();
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** ISO 32000-1 §7.4.4.4: PNG predictors (10–15) per row with a filter-type byte; TIFF 2 unsupported. */
function undoPredictor(data: Uint8Array, parms: PdfDict): Uint8Array {
  const predictor = numberValue(parms.get("Predictor")) ?? 1;
  if (predictor === 1) return data;
  if (predictor < 10) throw new KysoError("PDF_UNSUPPORTED", `predictor ${predictor}`);
  const colors = numberValue(parms.get("Colors")) ?? 1;
  const bitsPerComponent = numberValue(parms.get("BitsPerComponent")) ?? 8;
  const columns = numberValue(parms.get("Columns")) ?? 1;
  const bytesPerPixel = Math.max(1, Math.ceil((colors * bitsPerComponent) / 8));
  const rowLength = Math.ceil((colors * bitsPerComponent * columns) / 8);
  if (rowLength <= 0 || rowLength > 1 << 20) throw malformed("bad predictor columns");
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = new Uint8Array(rows * rowLength);
  for (let row = 0; row < rows; row += 1) {
    const type = data[row * (rowLength + 1)]!;
    const input = data.subarray(row * (rowLength + 1) + 1, (row + 1) * (rowLength + 1));
    const current = out.subarray(row * rowLength, (row + 1) * rowLength);
    const previous = row > 0 ? out.subarray((row - 1) * rowLength, row * rowLength) : new Uint8Array(rowLength);
    for (let i = 0; i < rowLength; i += 1) {
      const left = i >= bytesPerPixel ? current[i - bytesPerPixel]! : 0;
      const up = previous[i]!;
      const upLeft = i >= bytesPerPixel ? previous[i - bytesPerPixel]! : 0;
      current[i] = (input[i]! + pngPredict(type, left, up, upLeft)) & 0xff;
    }
  }
  return out;
}

// eslint-disable-next-line max-params -- called once per byte: an options object per call would allocate as much garbage as the stream is long.
function pngPredict(type: number, left: number, up: number, upLeft: number): number {
  switch (type) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4: {
      const p = left + up - upLeft;
      const pa = Math.abs(p - left);
      const pb = Math.abs(p - up);
      const pc = Math.abs(p - upLeft);
      return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
    }
    default:
      throw malformed(`unknown PNG predictor type ${type}`);
  }
}
