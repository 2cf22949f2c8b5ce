import type { LegacyRoute } from "./legacy-socket.js";

/**
 * Where the legacy signing service listened: the CA's plugin script opens
 * `wss://127.0.0.1:8987/<Method>`; some portals' own code uses `localhost:8987`. The list
 * comes from policy when the content script passes it (LEGACY_CONFIG_FRAME), else these.
 */
export const DEFAULT_LEGACY_ENDPOINTS: readonly string[] = ["127.0.0.1:8987", "localhost:8987"];

/** The frame that replaces the endpoint list (`{ kyso: 1, type, endpoints: ["host:port", …] }`). */
export const LEGACY_CONFIG_FRAME = "kyso.legacyConfig";
const MAX_ENDPOINTS = 20;

/**
 * The legacy method a WebSocket URL names ("SignApproved" for wss://127.0.0.1:8987/SignApproved)
 * with the absolute URL, or undefined when the URL is not a legacy endpoint and must reach the
 * network untouched.
 */
export function legacySocketRoute(url: unknown, endpoints: readonly string[], baseUrl: string): LegacyRoute | undefined {
  let parsed: URL;
  try {
    parsed = new URL(String(url), baseUrl);
  } catch {
    return undefined;
  }
  // The WebSocket constructor also takes http(s) URLs and converts them (WHATWG WebSockets §3.1).
  if (!["ws:", "wss:", "http:", "https:"].includes(parsed.protocol)) return undefined;
  const host = parsed.host.toLowerCase();
  if (!endpoints.some((endpoint) => endpoint.toLowerCase() === host)) return undefined;
  const first = parsed.pathname.split("/").filter(Boolean)[0] ?? "";
  let method = first;
  try {
    method = decodeURIComponent(first);
  } catch {
    // a malformed escape: keep the raw segment, which names no known method
  }
  return { url: parsed.href, method };
}

/** The endpoint list of a config frame, or undefined when the frame is not one (or malformed). */
export function legacyEndpointsFromFrame(frame: unknown): string[] | undefined {
  const fields = typeof frame === "object" && frame !== null ? (frame as Record<string, unknown>) : {};
  if (fields.kyso !== 1 || fields.type !== LEGACY_CONFIG_FRAME || !Array.isArray(fields.endpoints)) return undefined;
  const endpoints = fields.endpoints.filter((value): value is string => typeof value === "string" && /^[a-z0-9.[\]:-]+:\d{1,5}$/i.test(value));
  return endpoints.length === fields.endpoints.length && endpoints.length <= MAX_ENDPOINTS ? endpoints : undefined;
}
