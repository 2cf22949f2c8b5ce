import { sha1 } from "@noble/hashes/legacy.js";
import { sha256, sha384, sha512 } from "@noble/hashes/sha2.js";
import type { DigestName } from "./signer-cms.js";

/** A hash fed in pieces (noble in the browser, OpenSSL's in Node). */
export interface StreamingHasher {
  update(bytes: Uint8Array): void;
  digest(): Uint8Array;
}
export type StreamingHasherFactory = (hash: DigestName) => StreamingHasher;

/** The isomorphic default; SHA-1 is here only to verify old signatures (reported as weak). */
export const nobleStreamingHashers: StreamingHasherFactory = (hash) => {
  const hasher = { "SHA-1": sha1, "SHA-256": sha256, "SHA-384": sha384, "SHA-512": sha512 }[hash].create();
  return { update: (bytes) => void hasher.update(bytes), digest: () => hasher.digest() };
};
