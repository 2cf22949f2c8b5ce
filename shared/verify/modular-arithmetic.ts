/**
 * Big-endian bytes to integers and modular exponentiation, for verifying public-key signatures
 * over a digest (RSA, ECDSA) where WebCrypto cannot: only public values pass through here, so
 * plain BigInt arithmetic without constant-time care is enough.
 */

export const bigIntOf = (bytes: Uint8Array): bigint => bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);

/** The non-negative residue of `a` modulo `m`. */
export const residue = (a: bigint, m: bigint): bigint => ((a % m) + m) % m;

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let square = residue(base, modulus);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * square) % modulus;
    square = (square * square) % modulus;
  }
  return result;
}
