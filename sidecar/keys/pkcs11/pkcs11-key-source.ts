import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { KeyListing, KeySource } from "../key-source.js";
import { loadPkcs11Signer } from "./pkcs11-signer.js";
import { parsePkcs11Uri } from "./pkcs11-uri.js";
import { listTokenCertificates } from "./token-certificates.js";

/**
 * PKCS#11 tokens as a KeySource: the token listing and the batch signer as they are, behind
 * the one interface. The module comes from the URI's module-path, else the first configured one.
 */
export const pkcs11KeySource: KeySource = {
  scheme: "pkcs11",
  async list({ settings }): Promise<KeyListing> {
    const listing: KeyListing = { certificates: [], unavailable: [] };
    for (const modulePath of settings?.pkcs11Modules ?? []) {
      try {
        for (const found of await listTokenCertificates(modulePath)) {
          listing.certificates.push({
            provider: "pkcs11", certificateId: found.uri, tokenLabel: found.tokenLabel, tokenSerial: found.tokenSerial,
            subject: found.subject, issuer: found.issuer, serialNumber: found.serialNumber, notBefore: found.notBefore, notAfter: found.notAfter,
            keyType: found.keyType, ...(found.keySizeBits === undefined ? {} : { keySizeBits: found.keySizeBits }),
            certificate: found.certificateBase64, chain: found.chainBase64,
          });
        }
      } catch (error) {
        if (!(error instanceof KysoError)) throw error;
        listing.unavailable.push({ source: modulePath, code: error.code });
      }
    }
    return listing;
  },
  async open(certificateId, options) {
    const uri = parsePkcs11Uri(certificateId);
    if (uri.pinSource !== undefined) {
      options.secret?.fill(0);
      throw new KysoError("CLI_USAGE", "pin-source in a pkcs11: URI is not used: give the PIN with --pin-env NAME or --pin-stdin");
    }
    const modulePath = uri.modulePath ?? options.settings?.pkcs11Modules?.[0];
    if (!modulePath) {
      options.secret?.fill(0);
      throw new KysoError("PKCS11_MODULE_UNAVAILABLE", "no PKCS#11 module: add ?module-path=/path/to/module to the pkcs11: URI or configure one");
    }
    const algorithm = { ...(options.hash ? { hash: options.hash } : {}), ...options.algorithm };
    return loadPkcs11Signer({
      uri, modulePath, algorithm,
      // Moved to the token's worker and zeroed there after C_Login (an empty one means PIN pad).
      ...(options.secret && options.secret.length > 0 ? { pin: options.secret } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  },
};
