import type { KeysListResult } from "../../../shared/protocol/methods/keys.js";
import type { MethodHandler } from "../method-context.js";
import { hostKeySettings } from "./host-key-settings.js";

/**
 * keys.list: every configured provider's certificates (PKCS#11 tokens, CSC services, PKI SIM);
 * a module that will not load or a service that is down is listed as unavailable, not fatal.
 */
export const keysList: MethodHandler<"keys.list"> = async (params, context) => {
  const { listAllKeys } = await import("../../keys/key-sources.js");
  const settings = await hostKeySettings(context.services.config, params.modulePaths ? { modulePaths: params.modulePaths } : {});
  const listings = await listAllKeys({ env: process.env, signal: context.signal, settings });
  const result: KeysListResult = { certificates: listings.flatMap((l) => l.certificates), unavailableModules: [], unavailableServices: [] };
  for (const listing of listings) {
    for (const { source, code } of listing.unavailable) {
      if (listing.scheme === "pkcs11") result.unavailableModules.push({ modulePath: source, code });
      else if (listing.scheme === "csc" || listing.scheme === "mss") result.unavailableServices!.push({ provider: listing.scheme, source, code });
    }
  }
  return result;
};
