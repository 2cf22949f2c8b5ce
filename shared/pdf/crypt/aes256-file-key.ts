import { concatBytes, equalBytes } from "@noble/ciphers/utils.js";
import { sha256, sha384, sha512 } from "@noble/hashes/sha2.js";
import { aesCbcNoPadding, aesEcbDecryptBlock } from "./aes.js";
import type { StandardEncryption } from "./encryption-dictionary.js";

/** Algorithm 2.A step (a): passwords are UTF-8, at most 127 bytes. */
const MAX_PASSWORD_BYTES = 127;
const ZERO_IV = new Uint8Array(16);

/**
 * Algorithm 2.A step (a): the password as UTF-8 after SASLprep (RFC 4013). NFKC is the
 * normalisation SASLprep applies; its mapping of non-ASCII spaces and prohibited-character
 * checks change nothing a user types on a Vietnamese keyboard.
 */
export function aes256PasswordBytes(password: string): Uint8Array {
  return new TextEncoder().encode(password.normalize("NFKC")).subarray(0, MAX_PASSWORD_BYTES);
}

/**
 * Algorithm 2.B (ISO 32000-2 §7.6.4.3.4): SHA-256, then at least 64 rounds of AES-128-CBC
 * over 64 copies of password ‖ K ‖ udata, each followed by SHA-256/384/512 chosen by the
 * ciphertext. Revision 5 (Adobe's withdrawn draft) used the first SHA-256 alone.
 */
function passwordHash(options: { revision: 5 | 6; password: Uint8Array; salt: Uint8Array; userKey: Uint8Array }): Uint8Array {
  const { password, userKey } = options;
  let key = sha256(concatBytes(password, options.salt, userKey));
  if (options.revision === 5) return key;
  let encrypted: Uint8Array = new Uint8Array(0);
  for (let round = 0; round < 64 || encrypted.at(-1)! > round - 32; round += 1) {
    const block = concatBytes(password, key, userKey);
    const repeated = new Uint8Array(block.length * 64);
    for (let i = 0; i < 64; i += 1) repeated.set(block, i * block.length);
    encrypted = aesCbcNoPadding({ key: key.subarray(0, 16), iv: key.subarray(16, 32), data: repeated, direction: "encrypt" });
    // Step (c): the first 16 bytes as a big-endian number mod 3; 256 ≡ 1 (mod 3), so the byte sum will do.
    let sum = 0;
    for (let i = 0; i < 16; i += 1) sum += encrypted[i]!;
    key = [sha256, sha384, sha512][sum % 3]!(encrypted);
  }
  return key.subarray(0, 32);
}

/**
 * Algorithms 2.A, 11 and 12: checks `password` as the owner password (its hash over /U's 48
 * bytes) or as the user password, and unwraps the file key from /OE or /UE.
 */
export function authenticateAes256(encryption: StandardEncryption, password: Uint8Array, as: "owner" | "user"): Uint8Array | undefined {
  const revision = encryption.revision === 5 ? 5 : 6;
  const hashed = as === "owner" ? encryption.ownerHash : encryption.userHash;
  const wrappedKey = as === "owner" ? encryption.ownerEncryptedKey! : encryption.userEncryptedKey!;
  // Only the owner's hash covers the user's entry (algorithm 9 step (a)).
  const userKey = as === "owner" ? encryption.userHash : new Uint8Array(0);
  const validation = passwordHash({ revision, password, salt: hashed.subarray(32, 40), userKey });
  if (!equalBytes(validation, hashed.subarray(0, 32))) return undefined;
  const intermediate = passwordHash({ revision, password, salt: hashed.subarray(40, 48), userKey });
  return aesCbcNoPadding({ key: intermediate, iv: ZERO_IV, data: wrappedKey, direction: "decrypt" });
}

/**
 * Algorithm 13: /Perms, decrypted with the file key, repeats /P and holds "adb"; a mismatch
 * means someone edited /P without the owner password.
 */
export function permissionsAreIntact(encryption: StandardEncryption, fileKey: Uint8Array): boolean {
  const block = aesEcbDecryptBlock(fileKey, encryption.encryptedPermissions!);
  const stated = new DataView(block.buffer, block.byteOffset, 4).getInt32(0, true);
  return block[9] === 0x61 && block[10] === 0x64 && block[11] === 0x62 && stated === encryption.permissions;
}
