import type { PortalPolicy } from "../background/policy-settings.js";
import { BackgroundLink } from "./background-link.js";

/**
 * This frame's portal entry, asked of the background (which keeps the effective settings in
 * memory) instead of reading storage.managed here, which can take seconds after the browser
 * starts — too late for the legacy endpoint list, which must reach the page before its plugin
 * script opens sockets. Undefined when the origin is not (or no longer) an allowed portal, or
 * the background could not answer.
 */
export function portalPolicyFromBackground(link: BackgroundLink): Promise<PortalPolicy | undefined> {
  const id = BackgroundLink.ownId();
  return new Promise((resolve) => {
    link.onMessage((message) => {
      if (message.id !== id || message.type !== "response") return;
      // The background's own answer (same extension, validated settings), not the page's.
      resolve(message.ok && typeof message.result === "object" && message.result !== null ? (message.result as PortalPolicy) : undefined);
    });
    link.send({ type: "request", id, method: "portal-policy" });
  });
}
