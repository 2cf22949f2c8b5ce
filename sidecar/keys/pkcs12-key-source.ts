import { readInputFile } from "../pdf-files/file-byte-source.js";
import type { KeySource } from "./key-source.js";
import { loadPkcs12Signer } from "./pkcs12-signer.js";

/** A PKCS#12 file named by its path (development and the demo): nothing to list, the password is the secret. */
export const pkcs12KeySource: KeySource = {
  scheme: "pkcs12",
  list: () => Promise.resolve({ certificates: [], unavailable: [] }),
  async open(path, options) {
    const password = new TextDecoder().decode(options.secret ?? new Uint8Array());
    options.secret?.fill(0);
    const p12 = await readInputFile(path);
    const signer = await loadPkcs12Signer({ p12, password, algorithm: { ...(options.hash ? { hash: options.hash } : {}), ...options.algorithm } });
    return { ...signer, close: () => Promise.resolve() };
  },
};
