import { CHROMIUM_EXTENSION_ID, FIREFOX_EXTENSION_ID } from "../../../../shared/extension-identity.js";
import type { KysoSettings } from "../../../../shared/policy/settings.js";
import { chromiumInstallPolicies, type ChromiumPolicyTarget, type InstallSources } from "../../../config/browser-policy-targets.js";

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Linux, Chromium family: kyso's settings as a 3rdparty extension policy, for
 * <linuxManagedDir>/kyso-policy.json. Kept apart from the install policies so that the
 * settings can change without touching the browser's own extension policy.
 */
export const linuxExtensionPolicy = (settings: KysoSettings) => json({ "3rdparty": { extensions: { [CHROMIUM_EXTENSION_ID]: settings } } });

/** Linux, Chromium family: force-install and native-host allowlist, for <linuxManagedDir>/kyso-install.json. */
export const linuxInstallPolicy = (target: ChromiumPolicyTarget, sources: InstallSources) => json(chromiumInstallPolicies(target, sources));

/**
 * Firefox policies.json (/etc/firefox/policies/policies.json on Linux, distribution/ beside
 * firefox.exe on Windows): settings under 3rdparty.Extensions.<add-on id> (Firefox's
 * storage.managed), force-install through ExtensionSettings.install_url, and the native host
 * allowed. Firefox has no NativeMessagingAllowlist; its hosts are found by manifest alone.
 */
export function firefoxPolicies(settings: KysoSettings, sources: InstallSources): string {
  return json({
    policies: {
      ExtensionSettings: { [FIREFOX_EXTENSION_ID]: { installation_mode: "force_installed", install_url: sources.firefoxInstallUrl } },
      "3rdparty": { Extensions: { [FIREFOX_EXTENSION_ID]: settings } },
    },
  });
}

/** The sidecar's machine policy file (/etc/kyso/policy.json …): the settings tree as it is. */
export const machinePolicy = (settings: KysoSettings) => json(settings);
