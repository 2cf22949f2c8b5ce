import { describe, expect, it } from "vitest";
import { BLOB_IDLE_MS, BlobStore } from "./blob-store.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";

function codeThrownBy(call: () => unknown): string | undefined {
  try {
    call();
  } catch (error) {
    if (error instanceof KysoError) return error.code;
    throw error;
  }
  return undefined;
}

describe("the host's blob store does not grow while the browser stays open", () => {
  it("hands a blob out in chunks and drops it after the last one", () => {
    const store = new BlobStore();
    const blobId = store.add(new Uint8Array([1, 2, 3, 4, 5]));
    expect(store.read(blobId, 0, 3)).toMatchObject({ totalBytes: 5, eof: false });
    expect(store.size.blobs).toBe(1);
    const last = store.read(blobId, 3, 3);
    expect([...last.bytes]).toEqual([4, 5]);
    expect(last.eof).toBe(true);
    expect(store.size).toEqual({ blobs: 0, bytes: 0 });
  });

  it("answers a read of a blob already read to the end with BAD_REQUEST", () => {
    const store = new BlobStore();
    const blobId = store.add(new Uint8Array(10));
    store.read(blobId, 0, 10);
    expect(codeThrownBy(() => store.read(blobId, 0, 10))).toBe("BAD_REQUEST");
  });

  it("drops blobs nobody touched for ten minutes when a new one is made, and keeps the ones in use", () => {
    let now = 0;
    const store = new BlobStore(() => now);
    const abandoned = store.add(new Uint8Array(100));
    now += BLOB_IDLE_MS / 2;
    const inUse = store.create(4);
    store.append({ blobId: inUse, offset: 0, data: Buffer.from([1, 2]) });
    now += BLOB_IDLE_MS / 2 + 1;
    store.add(new Uint8Array(1));
    expect(store.size).toEqual({ blobs: 2, bytes: 5 });
    expect(codeThrownBy(() => store.bytes(abandoned))).toBe("BAD_REQUEST");
    expect(store.append({ blobId: inUse, offset: 2, data: Buffer.from([3, 4]) }).complete).toBe(true);
  });

  it("refuses a blob that would take the store over 1 GiB with MESSAGE_TOO_LARGE, and accepts it once earlier ones were read", () => {
    const store = new BlobStore();
    const big = store.create(700 * 1024 * 1024);
    expect(codeThrownBy(() => store.create(400 * 1024 * 1024))).toBe("MESSAGE_TOO_LARGE");
    store.delete(big);
    expect(() => store.create(400 * 1024 * 1024)).not.toThrow();
  });
});
