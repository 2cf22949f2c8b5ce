import { KysoError } from "../../protocol/kyso-error.js";
import { PdfDict, PdfName, PdfString, numberValue, type PdfValue } from "../objects.js";
import { malformed } from "../read/pdf-syntax-error.js";

/** How one class of data (strings, streams) is encrypted: §7.6.5 Table 25 /CFM. */
export type CryptMethod = "identity" | "rc4" | "aes-128" | "aes-256";

/** The Standard security handler's parameters (ISO 32000-2 §7.6.4.2 Tables 20 and 21). */
export interface StandardEncryption {
  /** /R: 2, 3, 4, 5 (Adobe's deprecated AES-256 draft) or 6. */
  revision: 2 | 3 | 4 | 5 | 6;
  /** The file encryption key's length: 5–16 bytes for RC4/AES-128, 32 for AES-256. */
  keyLengthBytes: number;
  /** /O and /U (32 bytes up to R4; 48 with their salts from R5). */
  ownerHash: Uint8Array;
  userHash: Uint8Array;
  /** R5/R6: /OE, /UE (the file key encrypted under each password) and /Perms. */
  ownerEncryptedKey?: Uint8Array;
  userEncryptedKey?: Uint8Array;
  encryptedPermissions?: Uint8Array;
  /** /P as the 32-bit two's complement integer the spec defines. */
  permissions: number;
  encryptMetadata: boolean;
  stringMethod: CryptMethod;
  streamMethod: CryptMethod;
}

/**
 * Reads the encryption dictionary (§7.6.2 Table 20). Handlers other than /Standard (the
 * public-key /Adobe.PubSec, §7.6.5) need the recipient's private key, not a password: they
 * stay PDF_ENCRYPTED. Unknown revisions and crypt filter methods are PDF_UNSUPPORTED.
 */
export function readStandardEncryption(encrypt: PdfDict): StandardEncryption {
  const filter = encrypt.get("Filter");
  if (filter !== PdfName.of("Standard")) {
    const handler = filter instanceof PdfName ? filter.value : "unnamed";
    throw new KysoError("PDF_ENCRYPTED", `security handler /${handler} (certificate-based or proprietary) cannot be opened with a password`);
  }
  const version = numberValue(encrypt.get("V")) ?? 0;
  const revision = numberValue(encrypt.get("R"));
  if (revision !== 2 && revision !== 3 && revision !== 4 && revision !== 5 && revision !== 6) throw new KysoError("PDF_UNSUPPORTED", `Standard security handler revision /R ${String(revision)}`);
  const permissions = numberValue(encrypt.get("P"));
  if (permissions === undefined) throw malformed("encryption dictionary without /P");
  const hashLength = revision >= 5 ? 48 : 32;
  const methods = cryptMethods(encrypt, version);
  return {
    revision,
    keyLengthBytes: keyLength(encrypt, version),
    ownerHash: bytesOf(encrypt.get("O"), "O", hashLength),
    userHash: bytesOf(encrypt.get("U"), "U", hashLength),
    ...(revision >= 5
      ? { ownerEncryptedKey: bytesOf(encrypt.get("OE"), "OE", 32), userEncryptedKey: bytesOf(encrypt.get("UE"), "UE", 32), encryptedPermissions: bytesOf(encrypt.get("Perms"), "Perms", 16) }
      : {}),
    permissions: permissions | 0,
    // §7.6.2 Table 20: /EncryptMetadata defaults to true and only means something from V 4.
    encryptMetadata: version < 4 || encrypt.get("EncryptMetadata") !== false,
    ...methods,
  };
}

/** §7.6.2 Table 20 /Length: bits, a multiple of 8 from 40 to 128 (V 2); V 1 is always 40. */
function keyLength(encrypt: PdfDict, version: number): number {
  if (version === 5) return 32;
  if (version === 1) return 5;
  const bits = numberValue(encrypt.get("Length")) ?? (version === 4 ? 128 : 40);
  // Some writers give /Length in bytes (the crypt filter's unit, Table 25).
  const bytes = bits <= 16 ? bits : bits / 8;
  if (!Number.isInteger(bytes) || bytes < 5 || bytes > 16) throw malformed(`encryption key /Length ${bits}`);
  return bytes;
}

/** V 1–2: everything RC4. V 4–5: the crypt filters named by /StrF and /StmF (§7.6.6). */
function cryptMethods(encrypt: PdfDict, version: number): { stringMethod: CryptMethod; streamMethod: CryptMethod } {
  if (version === 1 || version === 2) return { stringMethod: "rc4", streamMethod: "rc4" };
  if (version !== 4 && version !== 5) throw new KysoError("PDF_UNSUPPORTED", `encryption algorithm /V ${version}`);
  const filters = encrypt.get("CF");
  const methodOf = (filterName: PdfValue | undefined): CryptMethod => {
    // §7.6.6: an absent /StrF or /StmF, and the name /Identity, mean no encryption.
    if (filterName === undefined || filterName === PdfName.of("Identity")) return "identity";
    if (!(filterName instanceof PdfName)) throw malformed("/StrF or /StmF is not a name");
    const filter = filters instanceof PdfDict ? filters.get(filterName.value) : undefined;
    if (!(filter instanceof PdfDict)) throw malformed(`crypt filter /${filterName.value} is not in /CF`);
    const method = filter.get("CFM");
    if (method === PdfName.of("V2")) return "rc4";
    if (method === PdfName.of("AESV2")) return "aes-128";
    if (method === PdfName.of("AESV3")) return "aes-256";
    throw new KysoError("PDF_UNSUPPORTED", `crypt filter method /CFM ${method instanceof PdfName ? method.value : "absent"}`);
  };
  return { stringMethod: methodOf(encrypt.get("StrF")), streamMethod: methodOf(encrypt.get("StmF")) };
}

function bytesOf(value: PdfValue | undefined, key: string, length: number): Uint8Array {
  if (!(value instanceof PdfString) || value.bytes.length < length) throw malformed(`encryption dictionary /${key} is missing or shorter than ${length} bytes`);
  return value.bytes.subarray(0, length);
}
