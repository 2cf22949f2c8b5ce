/**
 * RC4, as the Standard security handler's revisions 2–4 use it (ISO 32000-2 §7.6.3.2,
 * crypt filter method /V2). Written by hand: it is a dozen lines, it is broken as a cipher
 * (which is why no maintained isomorphic library ships it any more), and PDFs still use it,
 * so reading and extending them needs it. Encryption and decryption are the same operation.
 */
export function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const state = new Uint8Array(256);
  for (let i = 0; i < 256; i += 1) state[i] = i;
  for (let i = 0, j = 0; i < 256; i += 1) {
    j = (j + state[i]! + key[i % key.length]!) & 0xff;
    [state[i], state[j]] = [state[j]!, state[i]!];
  }
  const out = new Uint8Array(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n += 1) {
    i = (i + 1) & 0xff;
    j = (j + state[i]!) & 0xff;
    [state[i], state[j]] = [state[j]!, state[i]!];
    out[n] = data[n]! ^ state[(state[i]! + state[j]!) & 0xff]!;
  }
  return out;
}
