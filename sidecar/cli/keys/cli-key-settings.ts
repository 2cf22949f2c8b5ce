import type { KeySourceSettings } from "../../keys/key-source.js";

/**
 * Where the CLI finds key providers: PKCS#11 modules from --module, else KYSO_PKCS11_MODULE,
 * else the known modules installed here; one CSC v2 service from the environment —
 * KYSO_CSC_URL (the API base URL, e.g. https://rssp.example.vn/csc/v2), KYSO_CSC_NAME,
 * KYSO_CSC_CLIENT_ID and KYSO_CSC_CLIENT_SECRET. Secrets are read from the environment only,
 * never from argv (where `ps` shows them to every user).
 */
export async function cliKeySettings(env: NodeJS.ProcessEnv, options: { modulePath?: string } = {}): Promise<KeySourceSettings> {
  const { installedModules } = await import("../../keys/pkcs11/module-paths.js");
  const modulePath = options.modulePath ?? env.KYSO_PKCS11_MODULE;
  const cscUrl = env.KYSO_CSC_URL;
  return {
    pkcs11Modules: modulePath ? [modulePath] : installedModules().map((module) => module.path),
    cscServices: cscUrl
      ? [{
        url: cscUrl,
        ...(env.KYSO_CSC_NAME ? { name: env.KYSO_CSC_NAME } : {}),
        ...(env.KYSO_CSC_CLIENT_ID ? { clientId: env.KYSO_CSC_CLIENT_ID } : {}),
        ...(env.KYSO_CSC_CLIENT_SECRET ? { clientSecret: env.KYSO_CSC_CLIENT_SECRET } : {}),
      }]
      : [],
  };
}
