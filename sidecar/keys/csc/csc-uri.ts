import { KysoError } from "../../../shared/protocol/kyso-error.js";

/**
 * `csc:` URIs name a credential of a CSC v2 remote signing service:
 *
 *     csc:<credentialID>[?service=<API base URL>]
 *
 * credentialID is the service's credential identifier (CSC API v2 credentials/list),
 * percent-encoded where it holds characters outside RFC 3986 `pchar`; service is the API base
 * URL (the one `info` is under, e.g. https://rssp.example.vn/csc/v2), percent-encoded where
 * it holds `&`, `?`, `#` or `%`. Without service the one configured service is meant.
 * `kyso keys list` prints every credential with its full URI. Nothing else is accepted:
 * no other attributes, no PIN, no fragment.
 */
export interface CscUri {
  credentialId: string;
  serviceUrl?: string;
}

/** RFC 3986 §3.3 pchar: unreserved, pct-encoded, sub-delims, ":" and "@". */
const PCHARS = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})+$/;
/** A query value: pchar and "/" "?" (§3.4) minus the "&" and "=" that delimit attributes here. */
const QUERY_VALUE_CHARS = /^(?:[A-Za-z0-9\-._~!$'()*+,;:@/]|%[0-9A-Fa-f]{2})+$/;

function usage(detail: string): KysoError {
  return new KysoError("CLI_USAGE", `csc: URI: ${detail} (form: csc:<credentialID>?service=<https URL of the CSC API>)`);
}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw usage(`${what} is not valid percent-encoded UTF-8`);
  }
}

export function parseCscUri(text: string): CscUri {
  const match = /^csc:([^?#]*)(?:\?([^#]*))?$/i.exec(text);
  if (!match) throw usage(text.includes("#") ? "a fragment is not allowed" : "it must start with csc:");
  const [, path = "", query] = match;
  if (!PCHARS.test(path)) throw usage("the credential ID is missing or has characters that must be percent-encoded");
  const uri: CscUri = { credentialId: decode(path, "the credential ID") };
  if (query === undefined) return uri;
  const [attribute, ...more] = query.split("&");
  const [name, value, ...extra] = (attribute ?? "").split("=");
  if (more.length > 0 || extra.length > 0 || name !== "service") throw usage("the only query attribute is service=URL");
  if (!value || !QUERY_VALUE_CHARS.test(value)) throw usage("service= needs a URL, percent-encoded where it holds & ? # or %");
  return { ...uri, serviceUrl: decode(value, "the service URL") };
}

function encode(text: string, keep: RegExp): string {
  return Array.from(new TextEncoder().encode(text), (byte) => {
    const char = String.fromCharCode(byte);
    return byte < 0x80 && keep.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }).join("");
}

export function formatCscUri(uri: { credentialId: string; serviceUrl: string }): string {
  return `csc:${encode(uri.credentialId, /[A-Za-z0-9\-._~:@]/)}?service=${encode(uri.serviceUrl, /[A-Za-z0-9\-._~:@/]/)}`;
}
