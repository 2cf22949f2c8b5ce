import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const SHIM_SOURCE = join(import.meta.dirname, "pkcs11-shim", "kyso-pkcs11-shim.c");

/** Environment variables the shim reads on every call (see kyso-pkcs11-shim.c). */
export interface Pkcs11ShimBehaviour {
  /** Real module the shim forwards to. */
  KYSO_SHIM_TARGET: string;
  KYSO_SHIM_SIGN_DELAY_MS?: string;
  KYSO_SHIM_LOGIN_LOG?: string;
  /** Hex, OR-ed into CK_TOKEN_INFO.flags: 0x100 PIN pad, 0x20000 final try, 0x40000 locked. */
  KYSO_SHIM_TOKEN_FLAGS?: string;
  KYSO_SHIM_PINPAD_PIN?: string;
  /** Hex CK_RV for C_Login, e.g. "a4" (CKR_PIN_LOCKED). */
  KYSO_SHIM_LOGIN_RV?: string;
  KYSO_SHIM_RAW_ONLY?: string;
  /** While this file exists the token is unplugged: not present, its sessions answer CKR_DEVICE_REMOVED. */
  KYSO_SHIM_REMOVED_FLAG?: string;
}

const SHIM_VARIABLES = ["KYSO_SHIM_SIGN_DELAY_MS", "KYSO_SHIM_LOGIN_LOG", "KYSO_SHIM_TOKEN_FLAGS", "KYSO_SHIM_PINPAD_PIN", "KYSO_SHIM_LOGIN_RV", "KYSO_SHIM_RAW_ONLY", "KYSO_SHIM_REMOVED_FLAG"] as const;

/**
 * Compiles the test-only PKCS#11 shim (a pass-through to SoftHSM2 that can be slow, count
 * logins, claim a PIN pad or a locked PIN, hide hash-and-sign mechanisms, or be unplugged) into `dir`.
 */
export async function buildPkcs11Shim(dir: string): Promise<string> {
  const output = join(dir, "libkyso-pkcs11-shim.so");
  await promisify(execFile)("gcc", ["-shared", "-fPIC", "-O2", "-Wall", "-I/usr/include/p11-kit-1", "-o", output, SHIM_SOURCE, "-ldl"]);
  return output;
}

/** Sets the shim's behaviour for this process (the shim reads getenv on each call). */
export function setShimBehaviour(behaviour: Pkcs11ShimBehaviour): void {
  for (const name of SHIM_VARIABLES) Reflect.deleteProperty(process.env, name);
  Object.assign(process.env, behaviour);
}
