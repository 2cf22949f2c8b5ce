import type { ValidationDataTransport } from "../../shared/pades/ltv/validation-data-transport.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";

/** OCSP answers are a few KB; a CA certificate likewise. */
const MAX_OCSP_BYTES = 1024 * 1024;
/** Some national CAs publish CRLs of tens of MB; beyond this it is not a CRL worth embedding. */
const MAX_CRL_BYTES = 64 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 15_000;

async function exchange(url: string, init: RequestInit & { maxBytes: number; timeoutMs: number }): Promise<Uint8Array> {
  const target = new URL(url);
  // RFC 5280 §4.2.1.13 and RFC 6960 Appendix A: HTTP. ldap:, file: and others are never followed.
  if (target.protocol !== "http:" && target.protocol !== "https:") throw new KysoError("REVOCATION_UNAVAILABLE", `${url}: only http(s) is fetched`);
  let response: Response;
  try {
    response = await fetch(target, { ...init, redirect: "follow", signal: AbortSignal.timeout(init.timeoutMs) });
  } catch (error) {
    throw new KysoError("REVOCATION_UNAVAILABLE", `${target.origin} cannot be reached`, { cause: error });
  }
  if (!response.ok) throw new KysoError("REVOCATION_UNAVAILABLE", `HTTP ${response.status} from ${url}`);
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > init.maxBytes) throw new KysoError("REVOCATION_UNAVAILABLE", `${url} answers ${declared} bytes, more than ${init.maxBytes}`);
  const body = new Uint8Array(await response.arrayBuffer());
  if (body.length > init.maxBytes) throw new KysoError("REVOCATION_UNAVAILABLE", `${url} answers ${body.length} bytes, more than ${init.maxBytes}`);
  return body;
}

/** Validation data over HTTP(S): CRLs and CA certificates by GET, OCSP by POST (RFC 6960 A.1.1). */
export function validationDataHttpTransport(options: { timeoutMs?: number } = {}): ValidationDataTransport {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    get: (url) => exchange(url, { method: "GET", maxBytes: MAX_CRL_BYTES, timeoutMs }),
    postOcsp: (url, requestDer) =>
      exchange(url, {
        method: "POST",
        headers: { "content-type": "application/ocsp-request", accept: "application/ocsp-response" },
        body: new Uint8Array(requestDer),
        maxBytes: MAX_OCSP_BYTES,
        timeoutMs,
      }),
  };
}
