/**
 * Random-access bytes: the PDF engine reads through this and never needs the whole file.
 * In the browser a `Blob` backs it (`Blob.slice`), in Node a file handle.
 */
export interface ByteSource {
  readonly size: number;
  /** Reads `length` bytes at `offset`; fewer only at the end of the source. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Optional: fills `target` from `offset` and returns how many bytes were read. Streaming
   * passes over a whole file reuse one buffer with it instead of allocating per chunk.
   */
  readInto?(offset: number, target: Uint8Array): Promise<number>;
}

export function memoryByteSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => Promise.resolve(bytes.subarray(Math.max(0, offset), Math.min(bytes.length, offset + length))),
  };
}

export function blobByteSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
  };
}

/**
 * `base` followed by `appended`: a signed revision seen before it is written out, so that a
 * further incremental update (DSS, document timestamp) can be planned on top of it.
 */
export function appendedByteSource(base: ByteSource, appended: Uint8Array): ByteSource {
  const size = base.size + appended.length;
  const read = async (offset: number, length: number): Promise<Uint8Array> => {
    const start = Math.max(0, offset);
    const end = Math.min(size, offset + length);
    if (end <= start) return new Uint8Array();
    if (start >= base.size) return appended.subarray(start - base.size, end - base.size);
    if (end <= base.size) return base.read(start, end - start);
    const joined = new Uint8Array(end - start);
    joined.set(await base.read(start, base.size - start));
    joined.set(appended.subarray(0, end - base.size), base.size - start);
    return joined;
  };
  return { size, read };
}
