import { createHash } from "node:crypto";
import type { HasherFactory } from "../../shared/pades/incremental-hasher.js";

const NODE_HASH_NAMES = { "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" } as const;

/** Node's OpenSSL hashing (SHA-NI where the CPU has it) for the ByteRange of large files. */
export const nodeHasherFactory: HasherFactory = (hash) => {
  const hasher = createHash(NODE_HASH_NAMES[hash]);
  return { update: (bytes) => void hasher.update(bytes), digest: () => hasher.digest() };
};
