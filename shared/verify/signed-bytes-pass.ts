import type { ByteSource } from "../pdf/byte-source.js";
import type { SignedRanges } from "./byte-range.js";
import type { IncrementalHasher, HasherFactory } from "../cms/incremental-hasher.js";
import type { DigestName } from "./signer-cms.js";

/** Reading in 4 MiB pieces keeps memory flat whatever the file size. */
const CHUNK_BYTES = 4 * 1024 * 1024;
const EOF_MARKER = [0x25, 0x25, 0x45, 0x4f, 0x46]; // %%EOF

export interface SignedBytesRequest {
  ranges: SignedRanges;
  hash: DigestName;
}

export interface SignedBytesPass {
  /** One digest per request, in request order. */
  digests: Uint8Array[];
  /**
   * Every offset just past a `%%EOF` marker and its end-of-line (CR, LF or CRLF): where the
   * revisions of the file end (ISO 32000-2 §7.5.6, incremental updates).
   */
  revisionEnds: number[];
}

/**
 * Reads the file once, front to back, feeding every signature's hasher the parts of each chunk
 * that its ByteRange covers, and noting where each revision ends. However many signatures a
 * file holds, its bytes are read once (the one-pass requirement).
 */
export async function passOverSignedBytes(options: { source: ByteSource; requests: SignedBytesRequest[]; createHasher: HasherFactory }): Promise<SignedBytesPass> {
  const { source, requests } = options;
  const hashers = requests.map((r) => options.createHasher(r.hash));
  const revisionEnds: number[] = [];
  const buffer = source.readInto ? new Uint8Array(Math.min(CHUNK_BYTES, Math.max(1, source.size))) : undefined;
  let matched = 0;
  /** Where an end-of-line byte would extend the revision just found. */
  let eolAt = -1;
  const readEnd = requests.reduce((max, r) => Math.max(max, r.ranges.end), 0);
  for (let offset = 0; offset < source.size; offset += CHUNK_BYTES) {
    const length = Math.min(CHUNK_BYTES, source.size - offset);
    let chunk: Uint8Array;
    if (buffer && source.readInto) {
      const view = buffer.subarray(0, length);
      chunk = view.subarray(0, await source.readInto(offset, view));
    } else chunk = await source.read(offset, length);
    if (offset < readEnd) feedHashers({ chunk, offset, requests, hashers });
    for (let i = 0; i < chunk.length; i += 1) {
      const byte = chunk[i]!;
      const at = offset + i;
      // After %%EOF, a CR, LF or CR LF may be counted in the revision or not: both ends are kept.
      if (at === eolAt && (byte === 0x0a || byte === 0x0d)) {
        revisionEnds.push(at + 1);
        eolAt = byte === 0x0d ? at + 1 : -1;
      }
      if (byte === EOF_MARKER[matched]) {
        matched += 1;
        if (matched === EOF_MARKER.length) {
          revisionEnds.push(at + 1);
          eolAt = at + 1;
          matched = 0;
        }
      } else matched = byte === EOF_MARKER[0] ? 1 : 0;
    }
    if (chunk.length < length) break;
  }
  return { digests: hashers.map((h) => h.digest()), revisionEnds };
}

function feedHashers(options: { chunk: Uint8Array; offset: number; requests: SignedBytesRequest[]; hashers: IncrementalHasher[] }): void {
  const { chunk, offset } = options;
  const chunkEnd = offset + chunk.length;
  options.requests.forEach((request, index) => {
    const { gapStart, gapEnd, end } = request.ranges;
    for (const [from, to] of [[0, gapStart], [gapEnd, end]] as const) {
      const start = Math.max(from, offset);
      const stop = Math.min(to, chunkEnd);
      if (stop > start) options.hashers[index]!.update(chunk.subarray(start - offset, stop - offset));
    }
  });
}

