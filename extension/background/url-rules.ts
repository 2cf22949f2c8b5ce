import type { KysoSettings } from "../../shared/policy/settings.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import type { PortalPolicy } from "./policy-settings.js";

/**
 * Anti-SSRF (ARCHITECTURE.md security rule 3): a page may make kyso fetch a document or upload
 * a signed file only on its own origin, on its portal's uploadOrigins, or on another allowed
 * portal. Relative URLs resolve against the requesting frame's URL, as the page's own fetch would.
 */
export function allowedUrl(options: { url: string; frameUrl: string; pageOrigin: string; portal: PortalPolicy; settings: KysoSettings }): URL {
  let url: URL;
  try {
    url = new URL(options.url, options.frameUrl);
  } catch {
    throw new KysoError("URL_NOT_ALLOWED", "not a URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new KysoError("URL_NOT_ALLOWED", `${url.protocol} URLs are never fetched`);
  if (url.username !== "" || url.password !== "") throw new KysoError("URL_NOT_ALLOWED", "URLs with credentials are refused");
  const allowed = new Set([options.pageOrigin, ...options.portal.uploadOrigins, ...options.settings.portals.map((portal) => portal.origin)].filter((origin) => origin !== ""));
  if (!allowed.has(url.origin)) throw new KysoError("URL_NOT_ALLOWED", `${url.origin} is neither the page's origin nor allowed by policy`);
  return url;
}
