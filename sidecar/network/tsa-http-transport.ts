import type { TimestampTransport } from "../../shared/pades/sign-pdf.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";

/** A TSA answer is a few KB; anything far larger is not a timestamp response. */
const MAX_RESPONSE_BYTES = 256 * 1024;

/** RFC 3161 §3.4 over HTTP(S): POST application/timestamp-query, expect application/timestamp-reply. */
export function tsaHttpTransport(options: { url: string; timeoutMs?: number }): TimestampTransport {
  const url = new URL(options.url);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new KysoError("CLI_USAGE", `TSA URL must be http(s): ${options.url}`);
  return {
    async post(requestDer) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/timestamp-query" },
          body: new Uint8Array(requestDer),
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
      } catch (error) {
        throw new KysoError("TIMESTAMP_UNREACHABLE", url.origin, { cause: error });
      }
      if (!response.ok) throw new KysoError("TIMESTAMP_REFUSED", `HTTP ${response.status} from ${url.origin}`);
      const body = new Uint8Array(await response.arrayBuffer());
      if (body.length > MAX_RESPONSE_BYTES) throw new KysoError("TIMESTAMP_RESPONSE_INVALID", `${body.length} bytes`);
      return body;
    },
  };
}
