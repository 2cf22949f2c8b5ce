import { KysoError } from "../../../shared/protocol/kyso-error.js";

/**
 * Where the agency's MSSP is and how kyso identifies itself to it (TS 102 204 §5.2.1:
 * AP_Info/AP_ID, AP_PWD; MSSP_Info/MSSP_ID). Read from the environment the CLI and the host
 * give every key source; the AP password is a secret and therefore never an argument.
 * The policy settings keys.mobileSignature* (shared/policy/settings.ts) carry the same values
 * for managed machines.
 */
export interface MssConfig {
  /** The MSS_Signature port (SOAP endpoint). */
  signatureUrl: URL;
  /** The MSS_StatusQuery port. */
  statusUrl: URL;
  apId: string;
  apPassword?: string;
  msspId: string;
  signatureProfile?: string;
  /** MSS_Format mssURI: how the MSSP returns the signature (see mss-signature-value.ts). */
  formatUri: string;
  /** TimeOut of MSS_SignatureReq: how long the user has to answer on the phone. */
  timeoutSeconds: number;
  pollIntervalMs: number;
  soapVersion: "1.1" | "1.2";
  /** Directory of `<MSISDN>.pem` files: the subscriber's certificate first, then its CA chain. */
  certificateDir?: string;
}

/** Environment variable names, documented in README (keys) and in `kyso sign --help`. */
export const MSS_ENV = {
  url: "KYSO_MSS_URL",
  statusUrl: "KYSO_MSS_STATUS_URL",
  apId: "KYSO_MSS_AP_ID",
  apPassword: "KYSO_MSS_AP_PASSWORD",
  msspId: "KYSO_MSS_MSSP_ID",
  signatureProfile: "KYSO_MSS_SIGNATURE_PROFILE",
  format: "KYSO_MSS_FORMAT",
  timeoutSeconds: "KYSO_MSS_TIMEOUT_SECONDS",
  pollIntervalMs: "KYSO_MSS_POLL_INTERVAL_MS",
  soapVersion: "KYSO_MSS_SOAP_VERSION",
  certificateDir: "KYSO_MSS_CERTIFICATE_DIR",
} as const;

/**
 * The raw PKCS#1 signature value is what CMS needs. The URI is the one the Vietnamese
 * government MSSP documents for it (TS 102 204 names #PKCS7 and #XML-Signature; MSSPs add
 * #PKCS1, FiCom uses http://mss.ficom.fi/TS102204/v1.0.0#PKCS1). #PKCS7 works too when the
 * MSSP adds no signed attributes of its own (mss-signature-value.ts).
 */
const DEFAULT_MSS_FORMAT = "http://uri.etsi.org/TS102204/v1.1.2#PKCS1";

/**
 * TS 102 204 leaves TimeOut to the AP; MSSPs answer EXPIRED_TRANSACTION after their own
 * limit (Swisscom and the Finnish MSSPs use 80–180 s). Two minutes lets a person find the
 * phone and type the PIN without a batch waiting forever.
 */
const DEFAULT_TIMEOUT_SECONDS = 120;
/**
 * One status query every 2 s: approval takes a person tens of seconds, so a faster poll only
 * loads the MSSP (which may throttle the AP), a slower one makes the user wait after approving.
 */
const DEFAULT_POLL_INTERVAL_MS = 2000;

function usage(detail: string): KysoError {
  return new KysoError("CLI_USAGE", detail);
}

function httpUrl(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usage(`${name} is not a URL: ${value}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw usage(`${name} must be an http(s) URL`);
  return url;
}

function integerInRange(name: string, value: string | undefined, range: { min: number; max: number; fallback: number }): number {
  if (value === undefined || value === "") return range.fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < range.min || parsed > range.max) throw usage(`${name} must be an integer from ${range.min} to ${range.max}`);
  return parsed;
}

/**
 * Kiuru-style MSSPs (Swisscom, the Finnish operators, the Vietnamese government MSSP) serve
 * each TS 102 204 operation on its own port, …/MSS_SignaturePort and …/MSS_StatusQueryPort;
 * other MSSPs dispatch on the body element at one URL.
 */
function statusUrlFor(signatureUrl: URL): URL {
  const status = new URL(signatureUrl);
  status.pathname = status.pathname.replace(/MSS_SignaturePort$/, "MSS_StatusQueryPort");
  return status;
}

/**
 * The PKI SIM service as the host's config or IT's policy gives it (keys.mobileSignature*);
 * the AP password is a secret and arrives from a file or the environment, never from policy.
 */
export interface MssServiceSettings {
  url: string;
  apId: string;
  apPassword?: string;
  signatureProfile?: string;
  timeoutSeconds?: number;
  certificateDir?: string;
}

/**
 * Settings win over the environment, field by field: they are laid over it as the same
 * variables, so one parser (mssConfigFromEnv) checks both.
 */
export function environmentWithMssSettings(env: NodeJS.ProcessEnv, settings: MssServiceSettings | undefined): NodeJS.ProcessEnv {
  if (!settings) return env;
  return {
    ...env,
    [MSS_ENV.url]: settings.url,
    [MSS_ENV.apId]: settings.apId,
    ...(settings.apPassword ? { [MSS_ENV.apPassword]: settings.apPassword } : {}),
    ...(settings.signatureProfile ? { [MSS_ENV.signatureProfile]: settings.signatureProfile } : {}),
    ...(settings.timeoutSeconds ? { [MSS_ENV.timeoutSeconds]: String(settings.timeoutSeconds) } : {}),
    ...(settings.certificateDir ? { [MSS_ENV.certificateDir]: settings.certificateDir } : {}),
  };
}

/** Whether any MSS setting is present: an unconfigured machine simply has no PKI SIM keys. */
export function isMssConfigured(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env[MSS_ENV.url]);
}

export function mssConfigFromEnv(env: NodeJS.ProcessEnv): MssConfig {
  const urlText = env[MSS_ENV.url];
  const apId = env[MSS_ENV.apId];
  if (!urlText || !apId) throw usage(`PKI SIM signing is not configured: set ${MSS_ENV.url} (the MSSP's MSS_Signature port) and ${MSS_ENV.apId}`);
  const signatureUrl = httpUrl(MSS_ENV.url, urlText);
  const statusText = env[MSS_ENV.statusUrl];
  const soapVersion = env[MSS_ENV.soapVersion] ?? "1.2";
  if (soapVersion !== "1.1" && soapVersion !== "1.2") throw usage(`${MSS_ENV.soapVersion} must be 1.1 or 1.2`);
  const optional = (name: string) => (env[name] ? env[name] : undefined);
  const apPassword = optional(MSS_ENV.apPassword);
  const signatureProfile = optional(MSS_ENV.signatureProfile);
  const certificateDir = optional(MSS_ENV.certificateDir);
  return {
    signatureUrl,
    statusUrl: statusText ? httpUrl(MSS_ENV.statusUrl, statusText) : statusUrlFor(signatureUrl),
    apId,
    msspId: optional(MSS_ENV.msspId) ?? signatureUrl.origin,
    formatUri: optional(MSS_ENV.format) ?? DEFAULT_MSS_FORMAT,
    timeoutSeconds: integerInRange(MSS_ENV.timeoutSeconds, env[MSS_ENV.timeoutSeconds], { min: 10, max: 600, fallback: DEFAULT_TIMEOUT_SECONDS }),
    pollIntervalMs: integerInRange(MSS_ENV.pollIntervalMs, env[MSS_ENV.pollIntervalMs], { min: 100, max: 30_000, fallback: DEFAULT_POLL_INTERVAL_MS }),
    soapVersion,
    ...(apPassword ? { apPassword } : {}),
    ...(signatureProfile ? { signatureProfile } : {}),
    ...(certificateDir ? { certificateDir } : {}),
  };
}
