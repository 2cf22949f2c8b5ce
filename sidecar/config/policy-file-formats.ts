import { CHROMIUM_EXTENSION_ID, FIREFOX_EXTENSION_ID } from "../../shared/extension-identity.js";

export type PolicyFileFormat = "settings" | "chromium-managed" | "firefox-policies";

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * kyso's settings inside any of the policy files IT writes: a Chromium managed policy
 * (`{"3rdparty":{"extensions":{<id>:{…}}}}`), Firefox's policies.json
 * (`{"policies":{"3rdparty":{"Extensions":{<add-on id>:{…}}}}}`), or the settings tree itself
 * (kyso's machine policy and user config). A browser file without kyso's entry (kyso-install.json)
 * holds no settings.
 */
export function settingsInPolicyFile(parsed: unknown): { format: PolicyFileFormat; raw: unknown } {
  // Browser policies are PascalCase (ExtensionSettings); kyso's settings are camelCase.
  if (isObject(parsed) && ("3rdparty" in parsed || Object.keys(parsed).some((key) => /^[A-Z]/.test(key)))) {
    const thirdParty = parsed["3rdparty"];
    const extensions = isObject(thirdParty) ? thirdParty.extensions : undefined;
    return { format: "chromium-managed", raw: isObject(extensions) ? extensions[CHROMIUM_EXTENSION_ID] : undefined };
  }
  if (isObject(parsed) && isObject(parsed.policies)) {
    const thirdParty = parsed.policies["3rdparty"];
    const extensions = isObject(thirdParty) ? thirdParty.Extensions : undefined;
    return { format: "firefox-policies", raw: isObject(extensions) ? extensions[FIREFOX_EXTENSION_ID] : undefined };
  }
  return { format: "settings", raw: parsed };
}
