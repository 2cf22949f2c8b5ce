import { KysoError } from "../../shared/protocol/kyso-error.js";
import type { KeyListing, KeySource, KeySourceSettings } from "./key-source.js";

/**
 * The key sources, chosen by the certificate id's URI scheme: `pkcs11:` (RFC 7512), `csc:`
 * (sidecar/keys/csc/csc-uri.ts), `mss:` (PKI SIM); anything else is a PKCS#12 file path. Each
 * source is imported on first use, so `kyso --version` or a PKCS#12 signature never loads the
 * PKCS#11 addon or the CSC client.
 */
export type KeyScheme = KeySource["scheme"];

const LOADERS: Readonly<Record<KeyScheme, () => Promise<KeySource>>> = {
  pkcs11: async () => (await import("./pkcs11/pkcs11-key-source.js")).pkcs11KeySource,
  csc: async () => (await import("./csc/csc-key-source.js")).cscKeySource,
  mss: async () => (await import("./mss/mss-key-source.js")).mssKeySource,
  pkcs12: async () => (await import("./pkcs12-key-source.js")).pkcs12KeySource,
};

/** Sources that list certificates; a PKCS#12 file is named by its path and has nothing to list. */
const LISTING_SCHEMES: readonly KeyScheme[] = ["pkcs11", "csc", "mss"];

export function schemeOf(keyId: string): KeyScheme {
  const scheme = /^(pkcs11|csc|mss):/i.exec(keyId)?.[1]?.toLowerCase();
  return scheme === "pkcs11" || scheme === "csc" || scheme === "mss" ? scheme : "pkcs12";
}

export function keySourceFor(keyId: string): Promise<KeySource> {
  return LOADERS[schemeOf(keyId)]();
}

/** What one source answered, or why it could not be asked. */
export interface SourceListing extends KeyListing {
  scheme: KeyScheme;
}

/**
 * Every certificate of every configured source. A source that is not configured lists nothing;
 * one that cannot be reached is reported as unavailable and the others are still listed.
 */
export async function listAllKeys(options: { env: NodeJS.ProcessEnv; signal?: AbortSignal; settings: KeySourceSettings }): Promise<SourceListing[]> {
  const configured = LISTING_SCHEMES.filter((scheme) => scheme !== "pkcs11" || (options.settings.pkcs11Modules ?? []).length > 0);
  return Promise.all(configured.map(async (scheme): Promise<SourceListing> => {
    try {
      return { scheme, ...(await (await LOADERS[scheme]()).list(options)) };
    } catch (error) {
      if (!(error instanceof KysoError) || error.code === "CANCELLED") throw error;
      return { scheme, certificates: [], unavailable: [{ source: scheme, code: error.code }] };
    }
  }));
}
