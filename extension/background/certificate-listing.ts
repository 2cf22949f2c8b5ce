import browser from "webextension-polyfill";
import type { KysoSettings } from "../../shared/policy/settings.js";
import type { CertificateEntry } from "../../shared/protocol/methods/keys.js";
import type { PopupCertificate } from "../../shared/protocol/popup.js";
import { loadSettings } from "./policy-settings.js";

/**
 * keys.list for the popup and the compose window's S/MIME picker: the PKCS#11 modules policy
 * names for this OS, and each entry without its DER (these windows show who and until when).
 */
export async function policyModulePaths(known?: KysoSettings): Promise<string[] | undefined> {
  const [settings, { os }] = await Promise.all([known ?? loadSettings().then((loaded) => loaded.settings), browser.runtime.getPlatformInfo()]);
  const byOs = { win: settings.keys.pkcs11ModulesWindows, mac: settings.keys.pkcs11ModulesMacos } as Partial<Record<string, string[]>>;
  const listed = (byOs[os] ?? settings.keys.pkcs11ModulesLinux).filter((path) => path !== "");
  // None named: the sidecar uses its own list.
  return listed.length > 0 ? listed : undefined;
}

export function listedCertificate(entry: CertificateEntry): PopupCertificate {
  const listed: CertificateEntry = { ...entry };
  delete listed.certificate;
  delete listed.chain;
  return listed;
}
