import type { HostConfig } from "../host-config.js";

/** The configured PKCS#11 modules, else the known ones installed here (module-paths.ts). */
export async function modulePathsFor(config: HostConfig): Promise<string[]> {
  if (config.pkcs11Modules && config.pkcs11Modules.length > 0) return config.pkcs11Modules;
  const { installedModules } = await import("../../keys/pkcs11/module-paths.js");
  return installedModules().map((module) => module.path);
}
