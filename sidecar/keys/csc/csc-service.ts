import { KysoError } from "../../../shared/protocol/kyso-error.js";

/** A CSC v2 remote signing service kyso may use, as IT configured it. */
export interface CscServiceSettings {
  /** The API base URL, the one `info` is under: `https://rssp.example.vn/csc/v2`. */
  url: string;
  /** How people know the service (the CA's name); `info`'s name when absent. */
  name?: string;
  /** OAuth 2.0 client (client_credentials) or HTTP Basic user for `auth/login`. */
  clientId?: string;
  /** Its secret: from the environment or a file, never from argv or a URI. */
  clientSecret?: string;
  /** How long a person has to approve on the phone before kyso gives up (TIMEOUT). */
  approvalTimeoutMs?: number;
  /** Between two `credentials/authorizeCheck` or `signatures/signPolling` calls. */
  pollIntervalMs?: number;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);

/**
 * The service URL as kyso compares and calls it: http(s), no user info, query or fragment, no
 * trailing slash. CSC API v2 §7.3 requires TLS; plain http is accepted only on loopback (a
 * service on the same machine, and the test suite's).
 */
export function normaliseServiceUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw new KysoError("CLI_USAGE", `the CSC service URL ${JSON.stringify(text)} is not a URL`, { cause: error });
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new KysoError("CLI_USAGE", `the CSC service URL must use https (CSC API v2 §7.3): ${url.origin}`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new KysoError("CLI_USAGE", "the CSC service URL may not carry a user name, password, query or fragment");
  }
  return url.href.replace(/\/+$/, "");
}

/**
 * The configured service a `csc:` URI names, or the only configured one when the URI names
 * none. A service nobody configured is refused: the client secret and the user's PIN go only
 * where IT pointed them, whatever a URI (or a web page choosing one) says.
 */
export function configuredService(services: readonly CscServiceSettings[], serviceUrl: string | undefined): CscServiceSettings {
  if (serviceUrl === undefined) {
    if (services.length === 1) return services[0]!;
    throw new KysoError(services.length === 0 ? "KEY_NOT_FOUND" : "CLI_USAGE",
      services.length === 0 ? "no CSC service is configured (KYSO_CSC_URL, or cscServices in the host config)" : "several CSC services are configured: add ?service=URL to the csc: URI");
  }
  const wanted = normaliseServiceUrl(serviceUrl);
  const found = services.find((service) => normaliseServiceUrl(service.url) === wanted);
  if (!found) throw new KysoError("KEY_NOT_FOUND", `the CSC service ${wanted} is not configured; kyso only signs through the services IT configured`);
  return found;
}
