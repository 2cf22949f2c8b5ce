import { sha1 } from "@noble/hashes/legacy.js";
import { sha256, sha384, sha512 } from "@noble/hashes/sha2.js";
import type { DigestName } from "./algorithms.js";

/**
 * A hash fed in pieces, for ByteRanges streamed from files of any size. WebCrypto only hashes
 * whole buffers, so the isomorphic default is @noble/hashes (audited, already under pkijs);
 * Node passes its native hasher, which is several times faster on large files.
 */
export interface IncrementalHasher {
  update(bytes: Uint8Array): void;
  digest(): Uint8Array;
}

/** Signing asks only for HashAlgorithm; SHA-1 is here for verifying old signatures. */
export type HasherFactory = (hash: DigestName) => IncrementalHasher;

export const nobleHasherFactory: HasherFactory = (hash) => {
  const hasher = { "SHA-1": sha1, "SHA-256": sha256, "SHA-384": sha384, "SHA-512": sha512 }[hash].create();
  return { update: (bytes) => void hasher.update(bytes), digest: () => hasher.digest() };
};
