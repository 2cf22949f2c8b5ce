import { readFileSync } from "node:fs";
import type { KeySourceSettings } from "../../keys/key-source.js";
import type { HostConfig } from "../host-config.js";
import { modulePathsFor } from "./module-choice.js";

/** A secret file that cannot be read leaves the service without a secret: it then refuses kyso (REMOTE_SIGNING_UNAUTHORIZED). */
function readSecretFile(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    return undefined;
  }
}

/**
 * The key providers as the host's config says: its PKCS#11 modules (or the ones a request
 * names), and its CSC services with their client secrets — from clientSecretFile, else
 * KYSO_CSC_CLIENT_SECRET in the host's environment; its PKI SIM service with the AP password
 * from apPasswordFile, else KYSO_MSS_AP_PASSWORD.
 */
export async function hostKeySettings(config: HostConfig, options: { modulePaths?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<KeySourceSettings> {
  const env = options.env ?? process.env;
  return {
    pkcs11Modules: options.modulePaths ?? (await modulePathsFor(config)),
    cscServices: (config.cscServices ?? []).map((service) => {
      const clientSecret = service.clientSecretFile ? readSecretFile(service.clientSecretFile) : env.KYSO_CSC_CLIENT_SECRET;
      return {
        url: service.url,
        ...(service.name ? { name: service.name } : {}),
        ...(service.clientId ? { clientId: service.clientId } : {}),
        ...(clientSecret ? { clientSecret } : {}),
        ...(service.approvalTimeoutSeconds ? { approvalTimeoutMs: service.approvalTimeoutSeconds * 1000 } : {}),
      };
    }),
    ...(config.mssService ? { mss: mssSettingsOf(config.mssService, env) } : {}),
  };
}

function mssSettingsOf(service: NonNullable<HostConfig["mssService"]>, env: NodeJS.ProcessEnv): NonNullable<KeySourceSettings["mss"]> {
  const apPassword = service.apPasswordFile ? readSecretFile(service.apPasswordFile) : env.KYSO_MSS_AP_PASSWORD;
  return {
    url: service.url,
    apId: service.apId,
    ...(apPassword ? { apPassword } : {}),
    ...(service.signatureProfile ? { signatureProfile: service.signatureProfile } : {}),
    ...(service.timeoutSeconds ? { timeoutSeconds: service.timeoutSeconds } : {}),
    ...(service.certificateDir ? { certificateDir: service.certificateDir } : {}),
  };
}
