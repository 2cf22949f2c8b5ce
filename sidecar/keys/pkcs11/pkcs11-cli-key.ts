import type { HashAlgorithm } from "../../../shared/cms/algorithms.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { installedModules } from "./module-paths.js";
import { loadPkcs11Signer, type Pkcs11Signer } from "./pkcs11-signer.js";
import { parsePkcs11Uri } from "./pkcs11-uri.js";

/**
 * `kyso sign --key pkcs11:…`: the module comes from the URI's module-path, else
 * KYSO_PKCS11_MODULE, else the first known module installed here. The PIN comes only from
 * --pin-env/--pin-stdin (already read by the caller), never from the URI or argv.
 */
export async function loadPkcs11SignerForCli(options: { uriText: string; pin: string | undefined; hash?: HashAlgorithm; env: NodeJS.ProcessEnv }): Promise<Pkcs11Signer> {
  const uri = parsePkcs11Uri(options.uriText);
  if (uri.pinSource !== undefined) throw new KysoError("CLI_USAGE", "pin-source in a pkcs11: URI is not used: give the PIN with --pin-env NAME or --pin-stdin");
  const modulePath = uri.modulePath ?? options.env.KYSO_PKCS11_MODULE ?? installedModules()[0]?.path;
  if (!modulePath) throw new KysoError("CLI_USAGE", "no PKCS#11 module: add ?module-path=/path/to/module to the pkcs11: URI or set KYSO_PKCS11_MODULE");
  return loadPkcs11Signer({
    uri,
    modulePath,
    // A buffer of its own, moved to the token's worker and zeroed after C_Login.
    ...(options.pin === undefined || options.pin === "" ? {} : { pin: new TextEncoder().encode(options.pin) }),
    ...(options.hash ? { algorithm: { hash: options.hash } } : {}),
  });
}
