import { concatBytes as concat, equalBytes } from "@noble/ciphers/utils.js";
import { md5 } from "@noble/hashes/legacy.js";
import type { StandardEncryption } from "./encryption-dictionary.js";
import { rc4 } from "./rc4.js";

/** §7.6.4.3.2 Algorithm 2 step (a): the padding string that fills passwords to 32 bytes. */
const PASSWORD_PADDING = Uint8Array.from([
  0x28, 0xbf, 0x4e, 0x5e, 0x4e, 0x75, 0x8a, 0x41, 0x64, 0x00, 0x4e, 0x56, 0xff, 0xfa, 0x01, 0x08,
  0x2e, 0x2e, 0x00, 0xb6, 0xd0, 0x68, 0x3e, 0x80, 0x2f, 0x0c, 0xa9, 0xfe, 0x64, 0x53, 0x69, 0x7a,
]);

/** Revisions 2–4 (RC4 and AES-128 files): what a password check needs besides the dictionary. */
export interface Rc4KeyContext {
  encryption: StandardEncryption;
  /** The first element of the trailer's /ID (§14.4), part of the key since revision 2. */
  documentId: Uint8Array;
}

/** Algorithm 2 step (a): the password's first 32 bytes, completed with the padding string. */
function padPassword(password: Uint8Array): Uint8Array {
  const padded = new Uint8Array(32);
  const used = password.subarray(0, 32);
  padded.set(used);
  padded.set(PASSWORD_PADDING.subarray(0, 32 - used.length), used.length);
  return padded;
}

/** Algorithm 2: the file encryption key from a (padded) user password. */
function fileKeyFromUserPassword(context: Rc4KeyContext, paddedPassword: Uint8Array): Uint8Array {
  const { encryption, documentId } = context;
  const permissions = new Uint8Array(4);
  new DataView(permissions.buffer).setInt32(0, encryption.permissions, true);
  // Step (f): revision 4 with unencrypted metadata adds four 0xFF bytes.
  const metadataMarker = encryption.revision >= 4 && !encryption.encryptMetadata ? Uint8Array.of(0xff, 0xff, 0xff, 0xff) : new Uint8Array(0);
  let hash = md5(concat(paddedPassword, encryption.ownerHash, permissions, documentId, metadataMarker));
  const length = encryption.revision === 2 ? 5 : encryption.keyLengthBytes;
  // Step (h): from revision 3 the hash is re-hashed 50 times over its first n bytes.
  if (encryption.revision >= 3) for (let i = 0; i < 50; i += 1) hash = md5(hash.subarray(0, length));
  return hash.slice(0, length);
}

/** Algorithms 4 and 5 compared as algorithm 6 says: all of /U for R2, its first 16 bytes from R3. */
function userHashMatches(context: Rc4KeyContext, fileKey: Uint8Array): boolean {
  const { encryption, documentId } = context;
  if (encryption.revision === 2) return equalBytes(rc4(fileKey, PASSWORD_PADDING), encryption.userHash);
  let value = rc4(fileKey, md5(concat(PASSWORD_PADDING, documentId)));
  for (let i = 1; i <= 19; i += 1) value = rc4(xorKey(fileKey, i), value);
  return equalBytes(value, encryption.userHash.subarray(0, 16));
}

/** Algorithm 6: the file key when `password` is the user password, else undefined. */
export function authenticateRc4User(context: Rc4KeyContext, password: Uint8Array): Uint8Array | undefined {
  const fileKey = fileKeyFromUserPassword(context, padPassword(password));
  return userHashMatches(context, fileKey) ? fileKey : undefined;
}

/**
 * Algorithm 7: the owner password decrypts /O into the padded user password (algorithm 3's
 * steps (a)–(d) give the RC4 key), which then must pass algorithm 6.
 */
export function authenticateRc4Owner(context: Rc4KeyContext, password: Uint8Array): Uint8Array | undefined {
  const { encryption } = context;
  let hash = md5(padPassword(password));
  if (encryption.revision >= 3) for (let i = 0; i < 50; i += 1) hash = md5(hash);
  const key = hash.subarray(0, encryption.revision === 2 ? 5 : encryption.keyLengthBytes);
  let userPassword = encryption.ownerHash;
  if (encryption.revision === 2) userPassword = rc4(key, userPassword);
  else for (let i = 19; i >= 0; i -= 1) userPassword = rc4(xorKey(key, i), userPassword);
  const fileKey = fileKeyFromUserPassword(context, userPassword);
  return userHashMatches(context, fileKey) ? fileKey : undefined;
}

/** Algorithm 1 (and 1 for AES-128, with "sAlT"): the key of one indirect object. */
export function rc4ObjectKey(options: { fileKey: Uint8Array; objectNumber: number; generation: number; aes: boolean }): Uint8Array {
  const { fileKey, objectNumber: n, generation: g } = options;
  const salt = options.aes ? Uint8Array.of(0x73, 0x41, 0x6c, 0x54) : new Uint8Array(0);
  const hash = md5(concat(fileKey, Uint8Array.of(n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, g & 0xff, (g >> 8) & 0xff), salt));
  return hash.subarray(0, Math.min(fileKey.length + 5, 16));
}

function xorKey(key: Uint8Array, value: number): Uint8Array {
  return key.map((byte) => byte ^ value);
}
