import browser from "webextension-polyfill";
import type { KysoSettings } from "../../shared/policy/settings.js";
import type { MethodResult } from "../../shared/protocol/methods.js";
import type { CertificateEntry } from "../../shared/protocol/methods/keys.js";
import type { PopupCertificate } from "../../shared/protocol/popup.js";
import type { ComposeSidecar } from "./mail/compose-route.js";
import { currentSettings } from "./policy-settings.js";

/** The PKCS#11 modules policy names for this OS; undefined when it names none. */
async function policyModulePaths(known?: KysoSettings): Promise<string[] | undefined> {
  const [settings, { os }] = await Promise.all([known ?? currentSettings().then((current) => current.settings), browser.runtime.getPlatformInfo()]);
  const byOs = { win: settings.keys.pkcs11ModulesWindows, mac: settings.keys.pkcs11ModulesMacos } as Partial<Record<string, string[]>>;
  const listed = (byOs[os] ?? settings.keys.pkcs11ModulesLinux).filter((path) => path !== "");
  // None named: the sidecar uses its own list.
  return listed.length > 0 ? listed : undefined;
}

/**
 * keys.list for the sign flow, the popup and the compose window's S/MIME picker, over the
 * modules policy names (`settings` when the caller has them, else the background's current ones).
 */
export async function listKeys(sidecar: ComposeSidecar, options: { settings?: KysoSettings; signal?: AbortSignal } = {}): Promise<MethodResult<"keys.list">> {
  const modulePaths = await policyModulePaths(options.settings);
  return sidecar.request("keys.list", modulePaths ? { modulePaths } : {}, options.signal ? { signal: options.signal } : {});
}

/** An entry without its DER: the popup and the compose window show who and until when. */
export function listedCertificate(entry: CertificateEntry): PopupCertificate {
  const listed: CertificateEntry = { ...entry };
  delete listed.certificate;
  delete listed.chain;
  return listed;
}
