import type { TimestampTransport } from "../../shared/pades/timestamp-transport.js";
import { base64ToBytes, bytesToBase64 } from "../../shared/protocol/base64-codec.js";
import type { SidecarConnection } from "./sidecar-connection.js";

/**
 * RFC 3161 through the sidecar's tsa.timestamp: the extension never talks to the TSA itself
 * (no CORS, and the sidecar enforces the configured TSA list). One object per batch, so the
 * engine probes the token size once for all documents (timestamp-transport.ts).
 */
export function sidecarTimestampTransport(options: { sidecar: SidecarConnection; tsaUrl: string; signal: AbortSignal }): TimestampTransport {
  return {
    post: async (requestDer) => {
      const answer = await options.sidecar.request("tsa.timestamp", { url: options.tsaUrl, request: bytesToBase64(requestDer) }, { signal: options.signal });
      return base64ToBytes(answer.response);
    },
  };
}
