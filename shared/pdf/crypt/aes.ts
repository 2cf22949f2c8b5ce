import { cbc, ecb } from "@noble/ciphers/aes.js";
import { malformed } from "../read/pdf-syntax-error.js";

const BLOCK_BYTES = 16;

/**
 * §7.6.3.2 (crypt filter methods /AESV2, /AESV3): strings and streams are AES-CBC with
 * PKCS#5 padding, the 16-byte initialisation vector written before the ciphertext.
 */
export function aesDecryptWithIv(key: Uint8Array, data: Uint8Array): Uint8Array {
  // Some producers encrypt an empty string to nothing, or to a bare IV.
  if (data.length <= BLOCK_BYTES) return new Uint8Array(0);
  if (data.length % BLOCK_BYTES !== 0) throw malformed(`AES-encrypted data of ${data.length} bytes is not an IV plus whole blocks`);
  const plain = cbc(key, data.subarray(0, BLOCK_BYTES), { disablePadding: true }).decrypt(data.subarray(BLOCK_BYTES));
  // PKCS#5 padding is removed when it is well-formed; files whose writers skipped it exist, and
  // like pdf.js we keep their data rather than refuse the whole object over one string.
  const padding = plain.at(-1)!;
  const padded = padding >= 1 && padding <= BLOCK_BYTES && plain.subarray(plain.length - padding).every((byte) => byte === padding);
  return padded ? plain.subarray(0, plain.length - padding) : plain;
}

/** The same with a fresh random IV per string or stream, as §7.6.3.2 requires. */
export function aesEncryptWithIv(key: Uint8Array, data: Uint8Array): Uint8Array {
  const iv = crypto.getRandomValues(new Uint8Array(BLOCK_BYTES));
  const ciphertext = cbc(key, iv).encrypt(data);
  const out = new Uint8Array(BLOCK_BYTES + ciphertext.length);
  out.set(iv);
  out.set(ciphertext, BLOCK_BYTES);
  return out;
}

/** Unpadded AES-CBC (algorithm 2.B's rounds, /OE and /UE in algorithm 2.A). */
export function aesCbcNoPadding(options: { key: Uint8Array; iv: Uint8Array; data: Uint8Array; direction: "encrypt" | "decrypt" }): Uint8Array {
  const cipher = cbc(options.key, options.iv, { disablePadding: true });
  return options.direction === "encrypt" ? cipher.encrypt(options.data) : cipher.decrypt(options.data);
}

/** Algorithm 2.A step (f) / algorithm 13: /Perms is one AES-256-ECB block. */
export function aesEcbDecryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  return ecb(key, { disablePadding: true }).decrypt(block);
}
