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
  /**
   * A hasher in the same state, fed independently from here on: the signatures of one file
   * share their ByteRanges' common start, which verification then hashes once.
   */
  copy(): IncrementalHasher;
}

/** Signing asks only for HashAlgorithm; SHA-1 is here for verifying old signatures. */
export type HasherFactory = (hash: DigestName) => IncrementalHasher;

/** What kyso uses of a @noble/hashes hash instance. */
interface NobleHash {
  update(bytes: Uint8Array): unknown;
  digest(): Uint8Array;
  clone(): NobleHash;
}

function nobleHasher(hasher: NobleHash): IncrementalHasher {
  return { update: (bytes) => void hasher.update(bytes), digest: () => hasher.digest(), copy: () => nobleHasher(hasher.clone()) };
}

const NOBLE_HASHES: Record<DigestName, () => NobleHash> = { "SHA-1": () => sha1.create(), "SHA-256": () => sha256.create(), "SHA-384": () => sha384.create(), "SHA-512": () => sha512.create() };

export const nobleHasherFactory: HasherFactory = (hash) => nobleHasher(NOBLE_HASHES[hash]());
