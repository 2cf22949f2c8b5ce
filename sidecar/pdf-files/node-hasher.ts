import { createHash, type Hash } from "node:crypto";
import type { HasherFactory, IncrementalHasher } from "../../shared/cms/incremental-hasher.js";
import { NODE_HASH_NAMES } from "../node-hash-names.js";


/** Node's OpenSSL hashing (SHA-NI where the CPU has it) for the ByteRange of large files. */
export const nodeHasherFactory: HasherFactory = (hash) => nodeHasher(createHash(NODE_HASH_NAMES[hash]));

function nodeHasher(hasher: Hash): IncrementalHasher {
  // A plain Uint8Array, not a Buffer over Node's shared pool: digests go on to asn1js and WebCrypto.
  return { update: (bytes) => void hasher.update(bytes), digest: () => new Uint8Array(hasher.digest()), copy: () => nodeHasher(hasher.copy()) };
}
