import type { HashAlgorithm } from "../shared/cms/algorithms.js";

/** OpenSSL's names, as node:crypto takes them, for the hashes kyso signs with. */
export const NODE_HASH_NAMES: Readonly<Record<HashAlgorithm, string>> = { "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" };
