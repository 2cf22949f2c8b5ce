import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { memoryByteSource, type ByteSource } from "../../shared/pdf/byte-source.js";
import { nodeHasherFactory } from "./node-hasher.js";
import { UpdatedFileDigest } from "./updated-file-digest.js";

const original = randomBytes(1024 * 1024 + 3);
const update = randomBytes(5000);
const sha256 = (...parts: Uint8Array[]) => parts.reduce((hash, part) => hash.update(part), createHash("sha256")).digest("hex");

function countingSource(bytes: Uint8Array): { source: ByteSource; bytesRead: () => number } {
  const inner = memoryByteSource(bytes);
  let read = 0;
  return {
    source: { size: inner.size, read: async (offset, length) => { const chunk = await inner.read(offset, length); read += chunk.length; return chunk; } },
    bytesRead: () => read,
  };
}

describe("the audit's file digests cost no second pass over a large file", () => {
  it("takes the input's digest from the signature's SHA-256 state after the original, reading nothing more", async () => {
    const digest = new UpdatedFileDigest();
    const state = nodeHasherFactory("SHA-256");
    state.update(original);
    digest.onOriginalHashed("SHA-256", state);
    const counted = countingSource(original);
    expect(await digest.digests(counted.source, update)).toEqual({ inputSha256: sha256(original), outputSha256: sha256(original, update) });
    expect(counted.bytesRead()).toBe(0);
  });

  it("reads the input once more when the signature hashed with something else", async () => {
    const digest = new UpdatedFileDigest();
    const state = nodeHasherFactory("SHA-384");
    state.update(original);
    digest.onOriginalHashed("SHA-384", state);
    const counted = countingSource(original);
    expect(await digest.digests(counted.source, update)).toEqual({ inputSha256: sha256(original), outputSha256: sha256(original, update) });
    expect(counted.bytesRead()).toBe(original.length);
  });

  it("keeps the first state it is given: a B-LTA document timestamp hashes the signed file after it", async () => {
    const digest = new UpdatedFileDigest();
    const first = nodeHasherFactory("SHA-256");
    first.update(original);
    digest.onOriginalHashed("SHA-256", first);
    const later = nodeHasherFactory("SHA-256");
    later.update(randomBytes(10));
    digest.onOriginalHashed("SHA-256", later);
    expect((await digest.digests(memoryByteSource(original), update)).inputSha256).toBe(sha256(original));
  });
});
