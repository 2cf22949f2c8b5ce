import type { KysoSettings } from "../../shared/policy/settings.js";
import type { HostConfig } from "../host/host-config.js";

const MODULES_BY_PLATFORM = { linux: "pkcs11ModulesLinux", win32: "pkcs11ModulesWindows", darwin: "pkcs11ModulesMacos" } as const;

/** The policy's one CSC service; its client secret comes from KYSO_CSC_CLIENT_SECRET (sidecar/host/methods/host-key-settings.ts). */
function cscServiceOf(keys: KysoSettings["keys"]): NonNullable<HostConfig["cscServices"]>[number] {
  return {
    url: keys.remoteSigningUrl,
    ...(keys.remoteSigningName ? { name: keys.remoteSigningName } : {}),
    ...(keys.remoteSigningClientId ? { clientId: keys.remoteSigningClientId } : {}),
    approvalTimeoutSeconds: keys.remoteSigningTimeoutSeconds,
  };
}

/** The policy's PKI SIM service; its AP password comes from KYSO_MSS_AP_PASSWORD (host-key-settings.ts). */
function mssServiceOf(keys: KysoSettings["keys"]): NonNullable<HostConfig["mssService"]> {
  return {
    url: keys.mobileSignatureUrl,
    apId: keys.mobileSignatureApId,
    ...(keys.mobileSignatureProfile ? { signatureProfile: keys.mobileSignatureProfile } : {}),
    timeoutSeconds: keys.mobileSignatureTimeoutSeconds,
    ...(keys.mobileSignatureCertificateDir ? { certificateDir: keys.mobileSignatureCertificateDir } : {}),
  };
}

/**
 * Where the host's own config and the settings say the same thing (PKCS#11 modules, the
 * syslog target), the host config file keeps the last word and the settings fill what it
 * leaves unset — so IT's policy reaches a host whose config file says nothing.
 * The TSA allowlist (tsaUrls) is not derived: the policy's TSA is the one to use, not a limit.
 */
export function hostConfigWithSettings(config: HostConfig, settings: KysoSettings, platform: NodeJS.Platform = process.platform): HostConfig {
  const modulesKey = MODULES_BY_PLATFORM[platform as keyof typeof MODULES_BY_PLATFORM] as (typeof MODULES_BY_PLATFORM)[keyof typeof MODULES_BY_PLATFORM] | undefined;
  const policyModules = modulesKey ? settings.keys[modulesKey] : [];
  const { syslogHost, syslogPort, syslogProtocol } = settings.audit;
  return {
    ...config,
    ...(!config.pkcs11Modules?.length && policyModules.length > 0 ? { pkcs11Modules: policyModules } : {}),
    ...(!config.cscServices?.length && settings.keys.remoteSigningUrl !== "" ? { cscServices: [cscServiceOf(settings.keys)] } : {}),
    ...(!config.mssService && settings.keys.mobileSignatureUrl !== "" && settings.keys.mobileSignatureApId !== "" ? { mssService: mssServiceOf(settings.keys) } : {}),
    ...(!config.syslog && syslogHost !== "" ? { syslog: { host: syslogHost, port: syslogPort, protocol: syslogProtocol } } : {}),
  };
}
