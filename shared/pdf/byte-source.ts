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
