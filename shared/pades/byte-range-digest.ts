import type { HashAlgorithm } from "../cms/algorithms.js";
import type { ByteSource } from "../pdf/byte-source.js";
import type { HasherFactory, IncrementalHasher } from "../cms/incremental-hasher.js";

/** Reading in 4 MiB pieces keeps memory flat whatever the file size. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Digest of what a signature covers: the original file (streamed from its source, never
 * held in memory) followed by the update with its /Contents hex string left out
 * (ISO 32000-1 §12.8.1, ByteRange).
 */
export async function digestSignedBytes(options: {
  source: ByteSource;
  update: Uint8Array;
  contentsInUpdate: { start: number; end: number };
  hash: HashAlgorithm;
  createHasher: HasherFactory;
  /** Gets the hash state right after the original's last byte: the original file's own digest, for a caller that wants it without a second pass. */
  onSourceHashed?: (state: IncrementalHasher) => void;
}): Promise<Uint8Array> {
  const hasher = options.createHasher(options.hash);
  const { source } = options;
  const buffer = source.readInto ? new Uint8Array(Math.min(CHUNK_BYTES, source.size)) : undefined;
  for (let offset = 0; offset < source.size; offset += CHUNK_BYTES) {
    const length = Math.min(CHUNK_BYTES, source.size - offset);
    if (buffer && source.readInto) {
      const view = buffer.subarray(0, length);
      const filled = await source.readInto(offset, view);
      hasher.update(view.subarray(0, filled));
    } else hasher.update(await source.read(offset, length));
  }
  options.onSourceHashed?.(hasher.copy());
  hasher.update(options.update.subarray(0, options.contentsInUpdate.start));
  hasher.update(options.update.subarray(options.contentsInUpdate.end));
  return hasher.digest();
}
