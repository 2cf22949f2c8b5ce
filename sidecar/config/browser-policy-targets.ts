import { CHROMIUM_EXTENSION_ID, FIREFOX_EXTENSION_ID, NATIVE_HOST_NAME } from "../../shared/extension-identity.js";

/**
 * Where each Chromium-family browser takes IT's policy, per OS, and how it installs kyso.
 *
 * - Windows: HKLM\<registryRoot>\3rdparty\extensions\<id>\policy holds the extension's
 *   policy (chrome.storage.managed); Chromium converts a REG_SZ holding JSON into a list or
 *   dictionary and a DWORD into a boolean or integer, guided by the extension's managed
 *   schema (components/policy/core/common/registry_dict.cc, ConvertRegistryValue).
 * - Linux: every *.json file in the managed directory, `{"3rdparty":{"extensions":{<id>:{…}}}}`.
 * - macOS: a configuration profile whose payload type is `<macDomain>.extensions.<id>`.
 * Chrome: chromium.org/administrators (policy list, "Complex policies on Windows"); Edge:
 * learn.microsoft.com/deployedge (Edge reads the same 3rdparty layout under Microsoft\Edge).
 */
export interface ChromiumPolicyTarget {
  id: "chrome" | "edge" | "chromium";
  label: string;
  registryRoot: string;
  macDomain: string;
  linuxManagedDir: string;
}

export const CHROMIUM_POLICY_TARGETS: readonly ChromiumPolicyTarget[] = [
  { id: "chrome", label: "Google Chrome", registryRoot: "Software\\Policies\\Google\\Chrome", macDomain: "com.google.Chrome", linuxManagedDir: "/etc/opt/chrome/policies/managed" },
  { id: "edge", label: "Microsoft Edge", registryRoot: "Software\\Policies\\Microsoft\\Edge", macDomain: "com.microsoft.Edge", linuxManagedDir: "/etc/opt/edge/policies/managed" },
  { id: "chromium", label: "Chromium", registryRoot: "Software\\Policies\\Chromium", macDomain: "org.chromium.Chromium", linuxManagedDir: "/etc/chromium/policies/managed" },
];

export const targetOf = (id: ChromiumPolicyTarget["id"]) => CHROMIUM_POLICY_TARGETS.find((target) => target.id === id)!;

/** The registry key (under HKLM) of kyso's own policy. */
export const extensionPolicyKey = (target: ChromiumPolicyTarget) => `${target.registryRoot}\\3rdparty\\extensions\\${CHROMIUM_EXTENSION_ID}\\policy`;

/** Where each browser downloads kyso from for a forced install; IT may host its own. */
export interface InstallSources {
  /** Chrome and Chromium: the Chrome Web Store's update service, or an internal update manifest. */
  chromeUpdateUrl: string;
  /** Edge: the Edge Add-ons update service, or an internal update manifest. */
  edgeUpdateUrl: string;
  /** Firefox: the signed .xpi (addons.mozilla.org or an internal server). */
  firefoxInstallUrl: string;
}

export const DEFAULT_INSTALL_SOURCES: InstallSources = {
  chromeUpdateUrl: "https://clients2.google.com/service/update2/crx",
  edgeUpdateUrl: "https://edge.microsoft.com/extensionwebstorebase/v1/crx",
  firefoxInstallUrl: `https://addons.mozilla.org/firefox/downloads/latest/${FIREFOX_EXTENSION_ID}/latest.xpi`,
};

export const updateUrlFor = (target: ChromiumPolicyTarget, sources: InstallSources) => (target.id === "edge" ? sources.edgeUpdateUrl : sources.chromeUpdateUrl);

/**
 * The browser policies that install kyso and let it reach its native host: ExtensionSettings
 * (force_installed + update_url; it overrides ExtensionInstallForcelist) and
 * NativeMessagingAllowlist (needed where IT blocks native hosts with NativeMessagingBlocklist "*").
 */
export function chromiumInstallPolicies(target: ChromiumPolicyTarget, sources: InstallSources) {
  return {
    ExtensionSettings: { [CHROMIUM_EXTENSION_ID]: { installation_mode: "force_installed", update_url: updateUrlFor(target, sources) } },
    NativeMessagingAllowlist: [NATIVE_HOST_NAME],
  };
}

/** Firefox's policies.json on Linux (support.mozilla.org "Customizing Firefox Using policies.json"). */
export const FIREFOX_LINUX_POLICIES_FILE = "/etc/firefox/policies/policies.json";
