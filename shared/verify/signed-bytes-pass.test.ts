import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { nobleHasherFactory } from "../cms/incremental-hasher.js";
import { memoryByteSource } from "../pdf/byte-source.js";
import { nodeHasherFactory } from "../../sidecar/pdf-files/node-hasher.js";
import type { SignedRanges } from "./byte-range.js";
import { passOverSignedBytes, type SignedBytesRequest } from "./signed-bytes-pass.js";

const MiB = 1024 * 1024;
const bytes = new Uint8Array(randomBytes(9 * MiB + 123));

function expected(request: SignedBytesRequest): string {
  const { gapStart, gapEnd, end } = request.ranges;
  const name = { "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" }[request.hash];
  return createHash(name).update(bytes.subarray(0, gapStart)).update(bytes.subarray(gapEnd, end)).digest("hex");
}

const ranges = (gapStart: number, gapEnd: number, end: number): SignedRanges => ({ gapStart, gapEnd, end });

describe("passOverSignedBytes", () => {
  // Gaps before, across and after the 4 MiB chunk boundaries, overlapping tails, the same gap twice, and mixed algorithms.
  const requests: SignedBytesRequest[] = [
    { hash: "SHA-256", ranges: ranges(4 * MiB + 100, 8 * MiB - 5, bytes.length) },
    { hash: "SHA-256", ranges: ranges(1000, 2000, 3 * MiB) },
    { hash: "SHA-256", ranges: ranges(4 * MiB - 10, 4 * MiB + 10, 5 * MiB) },
    { hash: "SHA-384", ranges: ranges(2 * MiB, 2 * MiB + 64, 9 * MiB) },
    { hash: "SHA-256", ranges: ranges(1000, 2000, 3 * MiB) },
    { hash: "SHA-1", ranges: ranges(7 * MiB, 7 * MiB + 1, 7 * MiB + 2) },
  ];

  it.each([["@noble/hashes", nobleHasherFactory], ["node:crypto", nodeHasherFactory]] as const)("gives each request the digest of exactly its ranges, sharing the common start (%s)", async (_name, createHasher) => {
    const pass = await passOverSignedBytes({ source: memoryByteSource(bytes), requests, createHasher });
    expect(pass.digests.map((d) => Buffer.from(d).toString("hex"))).toEqual(requests.map(expected));
  });

  it("hashes the common start of many signatures once: the bytes fed stay near one pass", async () => {
    let fed = 0;
    const counting = (hash: Parameters<typeof nodeHasherFactory>[0]) => {
      const wrap = (inner: ReturnType<typeof nodeHasherFactory>): ReturnType<typeof nodeHasherFactory> => ({
        update: (chunk) => {
          fed += chunk.length;
          inner.update(chunk);
        },
        digest: () => inner.digest(),
        copy: () => wrap(inner.copy()),
      });
      return wrap(nodeHasherFactory(hash));
    };
    // Five revisions, each signature's /Contents at the end of its revision: the usual multi-signature file.
    const five = [5, 6, 7, 8, 9].map((m): SignedBytesRequest => ({ hash: "SHA-256", ranges: ranges(m * MiB - 5000, m * MiB - 100, m * MiB) }));
    const pass = await passOverSignedBytes({ source: memoryByteSource(bytes), requests: five, createHasher: counting });
    expect(pass.digests.map((d) => Buffer.from(d).toString("hex"))).toEqual(five.map(expected));
    expect(fed).toBeLessThan(9 * MiB + 5 * 5000);
  });
});

describe("passOverSignedBytes: where revisions end", () => {
  const text = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
  it.each([
    ["%%EOF then LF", "%PDF-1.7 x %%EOF\nmore", [16, 17]],
    ["%%EOF then CR LF", "%PDF-1.7 x %%EOF\r\nmore", [16, 17, 18]],
    ["%%%EOF (a third percent sign before)", "ab %%%EOF", [9]],
    ["%%EO without F is not a marker", "ab %%EO%%EOF", [12]],
    ["no end of line after the last marker", "%%EOF", [5]],
  ])("%s", async (_name, content, ends) => {
    const pass = await passOverSignedBytes({ source: memoryByteSource(text(content)), requests: [], createHasher: nodeHasherFactory });
    expect(pass.revisionEnds).toEqual(ends);
  });

  it("finds a marker split across the 4 MiB read chunks", async () => {
    const big = new Uint8Array(4 * MiB + 10).fill(0x20);
    big.set(text("%%EOF\n"), 4 * MiB - 2);
    const pass = await passOverSignedBytes({ source: memoryByteSource(big), requests: [], createHasher: nodeHasherFactory });
    expect(pass.revisionEnds).toEqual([4 * MiB + 3, 4 * MiB + 4]);
  });
});
