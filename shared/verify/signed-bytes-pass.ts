import type { ByteSource } from "../pdf/byte-source.js";
import type { SignedRanges } from "./byte-range.js";
import type { IncrementalHasher, HasherFactory } from "../cms/incremental-hasher.js";
import type { DigestName } from "../cms/signer-cms.js";

/** Reading in 4 MiB pieces keeps memory flat whatever the file size. */
const CHUNK_BYTES = 4 * 1024 * 1024;
const EOF_MARKER = [0x25, 0x25, 0x45, 0x4f, 0x46]; // %%EOF
const PERCENT = 0x25;

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
 * The signatures of one file share the start of their ByteRanges: each signed revision hashes
 * the file from byte 0 to its own /Contents. One "trunk" hasher per digest algorithm is fed
 * those bytes once; when it reaches a signature's /Contents, a copy of it becomes that
 * signature's hasher, which is then fed only its tail (the revision after /Contents). Five
 * signatures on 100 MB hash about 100 MB, not 500 MB.
 */
class SharedPrefixHashing {
  private readonly hashers: Array<IncrementalHasher | undefined>;
  /** Per algorithm: the trunk, where it is, and the requests (by first-gap order) still waiting for their copy. */
  private readonly trunks = new Map<DigestName, { hasher: IncrementalHasher; position: number; waiting: number[] }>();

  constructor(private readonly requests: SignedBytesRequest[], createHasher: HasherFactory) {
    this.hashers = requests.map(() => undefined);
    requests.forEach((request, index) => {
      let trunk = this.trunks.get(request.hash);
      if (!trunk) {
        trunk = { hasher: createHasher(request.hash), position: 0, waiting: [] };
        this.trunks.set(request.hash, trunk);
      }
      trunk.waiting.push(index);
    });
    for (const trunk of this.trunks.values()) trunk.waiting.sort((a, b) => requests[b]!.ranges.gapStart - requests[a]!.ranges.gapStart);
  }

  /** Feeds one chunk: first the trunks (copying at each gap), then each signature's tail. */
  feed(chunk: Uint8Array, offset: number): void {
    const chunkEnd = offset + chunk.length;
    for (const trunk of this.trunks.values()) {
      while (trunk.waiting.length > 0) {
        const next = trunk.waiting.at(-1)!;
        const gapStart = this.requests[next]!.ranges.gapStart;
        const stop = Math.min(gapStart, chunkEnd);
        if (stop > trunk.position) trunk.hasher.update(chunk.subarray(trunk.position - offset, stop - offset));
        trunk.position = Math.max(trunk.position, stop);
        if (trunk.position < gapStart) break;
        this.hashers[next] = trunk.hasher.copy();
        trunk.waiting.pop();
      }
    }
    this.requests.forEach((request, index) => {
      const hasher = this.hashers[index];
      const start = Math.max(request.ranges.gapEnd, offset);
      const stop = Math.min(request.ranges.end, chunkEnd);
      if (hasher && stop > start) hasher.update(chunk.subarray(start - offset, stop - offset));
    });
  }

  digests(): Uint8Array[] {
    return this.hashers.map((hasher, index) => (hasher ?? this.trunks.get(this.requests[index]!.hash)!.hasher.copy()).digest());
  }
}

/**
 * Reads the file once, front to back, feeding the signatures' hashers the parts of each chunk
 * their ByteRanges cover (sharing the common start, above), and noting where each revision
 * ends. However many signatures a file holds, its bytes are read once and hashed about once.
 */
export async function passOverSignedBytes(options: { source: ByteSource; requests: SignedBytesRequest[]; createHasher: HasherFactory; onBytesRead?: (bytesRead: number) => void }): Promise<SignedBytesPass> {
  const { source, requests } = options;
  const hashing = new SharedPrefixHashing(requests, options.createHasher);
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
    if (offset < readEnd) hashing.feed(chunk, offset);
    // Between markers only a '%' can start one: jump to the next with indexOf (native, fast) instead of testing every byte in JavaScript.
    for (let i = 0; i < chunk.length; i += 1) {
      if (matched === 0 && offset + i !== eolAt) {
        const next = chunk.indexOf(PERCENT, i);
        if (next < 0) break;
        i = next;
      }
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
      } else if (byte === PERCENT) {
        // "%%%EOF": after "%%", a third '%' still leaves "%%" just read.
        matched = matched === 2 ? 2 : 1;
      } else matched = 0;
    }
    options.onBytesRead?.(offset + chunk.length);
    if (chunk.length < length) break;
  }
  return { digests: hashing.digests(), revisionEnds };
}
