import { cbc, ecb } from "@noble/ciphers/aes.js";
import { malformed } from "../read/pdf-syntax-error.js";

const BLOCK_BYTES = 16;

/**
 * §7.6.3.2 (crypt filter methods /AESV2, /AESV3): strings and streams are AES-CBC with
 * PKCS#5 padding, the 16-byte initialisation vector written before the ciphertext.
 */
export function aesDecryptWithIv(key: Uint8Array, data: Uint8Array): Uint8Array {
  // An empty string encrypts to nothing in some producers; anything else must be IV + blocks.
  if (data.length === 0) return data;
  if (data.length < 2 * BLOCK_BYTES || data.length % BLOCK_BYTES !== 0) {
    // Files exist whose AES strings lack padding; a length that is not whole blocks is unreadable.
    throw malformed(`AES-encrypted data of ${data.length} bytes is not an IV plus whole blocks`);
  }
  try {
    return cbc(key, data.subarray(0, BLOCK_BYTES)).decrypt(data.subarray(BLOCK_BYTES));
  } catch (error) {
    throw malformed(`AES-encrypted data does not decrypt (${error instanceof Error ? error.message : String(error)})`);
  }
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
