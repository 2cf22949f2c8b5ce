import type { DigestName } from "../shared/cms/algorithms.js";

/** OpenSSL's names, as node:crypto takes them, for the hashes kyso signs with and SHA-1 (verifying old signatures). */
export const NODE_HASH_NAMES: Readonly<Record<DigestName, string>> = { "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" };
