import { CHROMIUM_EXTENSION_ID, FIREFOX_EXTENSION_ID, NATIVE_HOST_NAME } from "../../shared/extension-identity.js";
import type { Browser } from "./host-locations.js";

/**
 * The native host manifest. Chromium browsers name allowed extensions by origin, with the
 * trailing slash they require; Firefox by add-on id (MDN "Native manifests").
 */
export function hostManifest(options: { browser: Browser; launcherPath: string }): Record<string, unknown> {
  const common = { name: NATIVE_HOST_NAME, description: "kyso — ký số và thư công vụ / digital signing and official mail", path: options.launcherPath, type: "stdio" };
  return options.browser === "firefox"
    ? { ...common, allowed_extensions: [FIREFOX_EXTENSION_ID] }
    : { ...common, allowed_origins: [`chrome-extension://${CHROMIUM_EXTENSION_ID}/`] };
}

export function isKysoManifest(value: unknown): boolean {
  return (value as { name?: unknown } | null)?.name === NATIVE_HOST_NAME;
}
