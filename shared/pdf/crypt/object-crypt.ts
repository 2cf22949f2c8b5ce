import { PdfDict, PdfName, PdfRef, PdfString, type PdfValue } from "../objects.js";
import { aesDecryptWithIv, aesEncryptWithIv } from "./aes.js";
import type { CryptMethod, StandardEncryption } from "./encryption-dictionary.js";
import { rc4 } from "./rc4.js";
import { rc4ObjectKey } from "./rc4-file-key.js";

/**
 * Encrypts and decrypts the strings and streams of indirect objects (§7.6.2), each with its
 * own key (algorithm 1) for RC4 and AES-128, or the file key itself for AES-256 (1.A).
 */
export class ObjectCrypt {
  constructor(
    private readonly encryption: StandardEncryption,
    private readonly fileKey: Uint8Array,
  ) {}

  decryptString(ref: PdfRef, bytes: Uint8Array): Uint8Array {
    return this.apply({ ref, method: this.encryption.stringMethod, bytes, direction: "decrypt" });
  }

  encryptString(ref: PdfRef, bytes: Uint8Array): Uint8Array {
    return this.apply({ ref, method: this.encryption.stringMethod, bytes, direction: "encrypt" });
  }

  decryptStream(ref: PdfRef, dict: PdfDict, bytes: Uint8Array): Uint8Array {
    return this.apply({ ref, method: this.streamMethod(dict), bytes, direction: "decrypt" });
  }

  encryptStream(ref: PdfRef, dict: PdfDict, bytes: Uint8Array): Uint8Array {
    return this.apply({ ref, method: this.streamMethod(dict), bytes, direction: "encrypt" });
  }

  /**
   * §7.6.2: cross-reference streams are never encrypted (a reader needs them to find the
   * encryption dictionary); with /EncryptMetadata false, neither is the metadata stream.
   */
  private streamMethod(dict: PdfDict): CryptMethod {
    const type = dict.get("Type");
    if (type === PdfName.of("XRef")) return "identity";
    if (type === PdfName.of("Metadata") && !this.encryption.encryptMetadata) return "identity";
    return this.encryption.streamMethod;
  }

  private apply(options: { ref: PdfRef; method: CryptMethod; bytes: Uint8Array; direction: "encrypt" | "decrypt" }): Uint8Array {
    const { ref, method, bytes, direction } = options;
    if (method === "identity") return bytes;
    const key = method === "aes-256" ? this.fileKey : rc4ObjectKey({ fileKey: this.fileKey, objectNumber: ref.objectNumber, generation: ref.generation, aes: method === "aes-128" });
    if (method === "rc4") return rc4(key, bytes);
    return direction === "decrypt" ? aesDecryptWithIv(key, bytes) : aesEncryptWithIv(key, bytes);
  }

  /**
   * Every string inside an indirect object's value, decrypted. §7.6.2 exempts the /Contents
   * of signature dictionaries, which is why a signature can be embedded after encryption.
   */
  decryptStrings(ref: PdfRef, value: PdfValue): PdfValue {
    if (value instanceof PdfString) return new PdfString(this.decryptString(ref, value.bytes), value.form);
    if (Array.isArray(value)) return value.map((item) => this.decryptStrings(ref, item));
    if (!(value instanceof PdfDict)) return value;
    const signature = isSignatureDictionary(value.entries);
    const decrypted = new PdfDict();
    for (const [key, item] of value.entries) decrypted.entries.set(key, signature && key === "Contents" ? item : this.decryptStrings(ref, item));
    return decrypted;
  }
}

/**
 * §7.6.2: "the Contents entry of signature dictionaries" — /Type /Sig or /DocTimeStamp, or
 * (the type being optional, §12.8.1 Table 255) any dictionary with a /ByteRange.
 */
export function isSignatureDictionary(entries: ReadonlyMap<string, unknown>): boolean {
  const type = entries.get("Type");
  return type === PdfName.of("Sig") || type === PdfName.of("DocTimeStamp") || entries.has("ByteRange");
}
