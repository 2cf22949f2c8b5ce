import type { KysoSettings } from "../../../../shared/policy/settings.js";
import { admlFile, admlCulture, admxFile } from "./group-policy.js";
import { CHROMIUM_POLICY_TARGETS, targetOf, type InstallSources } from "../../../config/browser-policy-targets.js";
import { firefoxPolicies, linuxExtensionPolicy, linuxInstallPolicy, machinePolicy } from "./json-templates.js";
import { macosMobileconfig } from "./macos-mobileconfig.js";
import { windowsRegFile } from "./windows-reg.js";

export interface TemplateFile {
  /** Relative to the output directory, with forward slashes. */
  path: string;
  contents: string | Buffer;
}

/**
 * Every policy template IT deploys, for every browser and OS, from one settings value:
 *   windows/  kyso-<browser>.reg, kyso-<browser>.admx, <culture>/kyso-<browser>.adml (Chrome, Edge)
 *   linux/<browser>/kyso-policy.json + kyso-install.json  (copy into the browser's managed directory)
 *   macos/    kyso-<browser>.mobileconfig (Chrome, Edge)
 *   firefox/  policies.json
 *   kyso/     policy.json (the sidecar's machine policy file)
 */
export function policyTemplateFiles(settings: KysoSettings, sources: InstallSources): TemplateFile[] {
  const files: TemplateFile[] = [];
  for (const target of [targetOf("chrome"), targetOf("edge")]) {
    files.push({ path: `windows/kyso-${target.id}.reg`, contents: windowsRegFile({ target, settings, sources }) });
    files.push({ path: `windows/kyso-${target.id}.admx`, contents: admxFile(target) });
    for (const language of ["vi", "en"] as const) files.push({ path: `windows/${admlCulture(language)}/kyso-${target.id}.adml`, contents: admlFile(target, language) });
    files.push({ path: `macos/kyso-${target.id}.mobileconfig`, contents: macosMobileconfig({ target, settings, sources }) });
  }
  for (const target of CHROMIUM_POLICY_TARGETS) {
    files.push({ path: `linux/${target.id}/kyso-policy.json`, contents: linuxExtensionPolicy(settings) });
    files.push({ path: `linux/${target.id}/kyso-install.json`, contents: linuxInstallPolicy(target, sources) });
  }
  files.push({ path: "firefox/policies.json", contents: firefoxPolicies(settings, sources) });
  files.push({ path: "kyso/policy.json", contents: machinePolicy(settings) });
  return files;
}
