import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { MAX_SOAP_RESPONSE_BYTES, soapRequestHeaders, type SoapVersion } from "./soap-envelope.js";

/** One SOAP round trip should take well under a second; longer means the MSSP is not answering. */
const REQUEST_TIMEOUT_MS = 30_000;

export interface SoapPost {
  url: URL;
  version: SoapVersion;
  action: string;
  envelope: string;
  /** The caller's cancellation (CANCELLED), not the per-request timeout. */
  signal?: AbortSignal;
}

function cancelled(): KysoError {
  return new KysoError("CANCELLED", "PKI SIM signing cancelled");
}

/**
 * POSTs one SOAP envelope and returns the answer's text. A SOAP fault arrives with HTTP 500
 * (SOAP 1.1 §6.2, SOAP 1.2 Part 2 §7.5.1.2), so the body is read whatever the status is and
 * judged by the envelope parser; only a non-XML error page becomes an HTTP error here.
 */
export async function postSoap(request: SoapPost): Promise<string> {
  if (request.signal?.aborted) throw cancelled();
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: "POST",
      headers: soapRequestHeaders(request.version, request.action),
      body: request.envelope,
      signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
      redirect: "error",
    });
  } catch (error) {
    if (request.signal?.aborted) throw cancelled();
    const detail = timeout.aborted ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : "connection failed";
    throw new KysoError("REMOTE_SERVICE_UNREACHABLE", `MSSP ${request.url.origin}: ${detail}`, { cause: error });
  }
  const declaredLength = Number(response.headers.get("content-length") ?? "0");
  if (declaredLength > MAX_SOAP_RESPONSE_BYTES) throw new KysoError("REMOTE_SIGNING_FAILED", `the MSSP's answer is ${declaredLength} bytes`);
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (request.signal?.aborted) throw cancelled();
    throw new KysoError("REMOTE_SERVICE_UNREACHABLE", `MSSP ${request.url.origin}: the answer was cut off`, { cause: error });
  }
  if (text.length > MAX_SOAP_RESPONSE_BYTES) throw new KysoError("REMOTE_SIGNING_FAILED", `the MSSP's answer is ${text.length} characters`);
  const looksLikeXml = /^\s*</.test(text);
  if (!response.ok && !looksLikeXml) throw new KysoError("REMOTE_SIGNING_FAILED", `HTTP ${response.status} from the MSSP ${request.url.origin}`);
  return text;
}
