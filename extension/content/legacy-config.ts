import type { PortalPolicy } from "../background/policy-settings.js";
import { LEGACY_CONFIG_FRAME } from "../page/legacy/legacy-endpoints.js";

/**
 * Hands the policy's legacy endpoint list (portals[].legacyEndpoints) to the legacy shim in the
 * page's world (extension/page/legacy-vgca.entry.ts), which otherwise answers the CA plugin's
 * default addresses. Posted to this page's own origin only; nothing is sent when the portal has
 * no legacy API or leaves the list empty (the shim's defaults apply).
 */
export function postLegacyConfig(portal: PortalPolicy): void {
  if (!portal.legacyApi) return;
  const endpoints = portal.legacyEndpoints.filter((endpoint) => endpoint !== "");
  if (endpoints.length === 0) return;
  window.postMessage({ kyso: 1, type: LEGACY_CONFIG_FRAME, endpoints }, window.location.origin);
}
