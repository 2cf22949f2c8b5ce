import { existsSync } from "node:fs";

/** A PKCS#11 module kyso looks for when neither the URI nor the policy names one. */
export interface KnownModule {
  name: string;
  platform: NodeJS.Platform;
  path: string;
  /** Where the path was checked; a path nobody checked does not belong here. */
  source: string;
  /**
   * The module builds its slot list once, at C_Initialize, and never adds tokens inserted
   * later: watching must re-initialise it (token-watch.ts).
   */
  slotListFixedAtInitialize?: boolean;
}

/**
 * Data, not code. The Vietnamese CAs' token middleware (VNPT-CA, Viettel-CA, BKAV-CA,
 * FPT-CA, the Government CA's tokens) install vendor-specific paths per OS that are not
 * listed here until each is checked on a machine with that middleware: they arrive through
 * policy (issue "Policy and rollout"), where IT names the module their agency uses.
 */
export const KNOWN_MODULES: readonly KnownModule[] = [
  { name: "SoftHSM2", platform: "linux", path: "/usr/lib/softhsm/libsofthsm2.so", source: "Debian 12 package softhsm2 (TEST-SERVERS.md)", slotListFixedAtInitialize: true },
  { name: "OpenSC", platform: "linux", path: "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so", source: "Debian 12 package opensc-pkcs11, amd64 (dpkg -L)" },
];

/** The known modules installed on this machine, in table order. */
export function installedModules(platform: NodeJS.Platform = process.platform): KnownModule[] {
  return KNOWN_MODULES.filter((module) => module.platform === platform && existsSync(module.path));
}

/** Whether watching this module needs a re-initialisation to see new tokens. */
export function slotListFixedAtInitialize(modulePath: string): boolean {
  return KNOWN_MODULES.some((module) => module.path === modulePath && module.slotListFixedAtInitialize === true);
}
