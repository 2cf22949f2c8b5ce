import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { OpenedKey, OpenKeyOptions } from "../../keys/key-source.js";
import type { MethodContext } from "../method-context.js";
import { hostKeySettings } from "./host-key-settings.js";

/**
 * Opens the key a certificate id names for one request (sign.digest, mail.send's S/MIME): a
 * PKCS#11 token, a CSC service or a PKI SIM with the host's key settings — never a key file a
 * page could point at. The PIN becomes bytes the source zeroes; the string in the parsed
 * params is dropped at once (a JS string cannot be zeroed).
 */
export async function openHostKey(
  request: { certificateId: string; pin?: string | undefined },
  context: MethodContext,
  /** `refusal` begins the answer to a key file: "sign.digest signs" … "with a token, …, never with a key file". */
  options: { refusal: string } & Omit<OpenKeyOptions, "secret" | "signal" | "env" | "settings">,
): Promise<OpenedKey> {
  const { keySourceFor } = await import("../../keys/key-sources.js");
  const secret = request.pin === undefined ? undefined : new TextEncoder().encode(request.pin);
  delete request.pin;
  const { refusal, ...openOptions } = options;
  try {
    const source = await keySourceFor(request.certificateId);
    if (source.scheme === "pkcs12") throw new KysoError("KEY_NOT_FOUND", `${refusal} with a token, a signing service or a PKI SIM, never with a key file`);
    return await source.open(request.certificateId, { ...openOptions, signal: context.signal, env: process.env, settings: await hostKeySettings(context.services.config), ...(secret ? { secret } : {}) });
  } catch (error) {
    // Once opened, the source owns the bytes (a PKCS#11 source moves them to its worker, detached,
    // length 0); on failure nothing else will zero them.
    if (secret && secret.byteLength > 0) secret.fill(0);
    throw error;
  }
}
