import type { KysoSettings } from "../../../shared/policy/settings.js";

type Portal = KysoSettings["portals"][number];

/** The portals list as the options page shows it: one "origin name" per line. */
export const portalLines = (portals: readonly Portal[]) => portals.map((portal) => (portal.name ? `${portal.origin} ${portal.name}` : portal.origin)).join("\n");

/**
 * Lines back into portal entries (origin, then the rest of the line as the name); the
 * shared/policy validation then checks each origin. Options the page does not show
 * (legacyApi, selectors, upload origins) are kept from the entry with the same origin.
 */
export function portalsFromLines(text: string, previous: readonly Portal[]): Array<Partial<Portal>> {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [origin = "", ...name] = line.split(/\s+/);
      const kept = previous.find((portal) => portal.origin === origin);
      return { ...kept, origin, name: name.join(" ") };
    });
}
