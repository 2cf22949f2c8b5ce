import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { cscPost, type CscAnswer } from "./csc-http.js";
import { accessTokenSchema, infoSchema, readAnswer, type CscInfo } from "./csc-messages.js";
import { normaliseServiceUrl, type CscServiceSettings } from "./csc-service.js";

/** A service that has not answered in this long is treated as down (each call; approvals poll). */
const DEFAULT_CALL_TIMEOUT_MS = 30_000;

/**
 * One signed-in connection to a CSC v2 service: `info` read once, then a service access token
 * by the first authorisation type both sides support (CSC API v2 §8.1): OAuth 2.0 client
 * credentials (`oauth2client`, RFC 6749 §4.4) or HTTP Basic through `auth/login`. The
 * authorization-code flow (`oauth2code`) needs a browser redirect the extension would own;
 * it is not offered by the CLI or the host yet, and a service that requires it is refused by name.
 */
export class CscClient {
  readonly settings: CscServiceSettings;
  readonly baseUrl: string;
  readonly info: CscInfo;
  private readonly authorization: string | undefined;
  private readonly options: { timeoutMs: number; signal?: AbortSignal };

  private constructor(connected: { settings: CscServiceSettings; baseUrl: string; info: CscInfo; authorization: string | undefined; options: { timeoutMs: number; signal?: AbortSignal } }) {
    this.settings = connected.settings;
    this.baseUrl = connected.baseUrl;
    this.info = connected.info;
    this.authorization = connected.authorization;
    this.options = connected.options;
  }

  static async connect(settings: CscServiceSettings, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<CscClient> {
    const baseUrl = normaliseServiceUrl(settings.url);
    const callOptions = { timeoutMs: options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS, ...(options.signal ? { signal: options.signal } : {}) };
    const infoAnswer = await cscPost({ method: "info", url: `${baseUrl}/info`, body: { json: { lang: "vi" } }, ...callOptions });
    const info = readAnswer(infoSchema, infoAnswer.body, "info");
    const authorization = await signIn({ settings, baseUrl, info, ...callOptions });
    return new CscClient({ settings, baseUrl, info, authorization, options: callOptions });
  }

  /** What people call the service: IT's name for it, else the service's own. */
  get serviceName(): string {
    return this.settings.name ?? this.info.name ?? new URL(this.baseUrl).host;
  }

  supports(method: string): boolean {
    return this.info.methods.includes(method);
  }

  call(method: string, json: object): Promise<CscAnswer> {
    return cscPost({ method, url: `${this.baseUrl}/${method}`, body: { json }, ...this.options, ...(this.authorization ? { authorization: this.authorization } : {}) });
  }
}

async function signIn(options: { settings: CscServiceSettings; baseUrl: string; info: CscInfo; timeoutMs: number; signal?: AbortSignal }): Promise<string | undefined> {
  const { settings, info } = options;
  const call = { timeoutMs: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) };
  const { clientId, clientSecret } = settings;
  if (clientId !== undefined && clientSecret !== undefined && info.authType.includes("oauth2client")) {
    // CSC API v2 §8.4.4: the token endpoint is "oauth2/token" under the `oauth2` base URI.
    const tokenBase = (info.oauth2 ?? options.baseUrl).replace(/\/+$/, "");
    const form = new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret, scope: "service" });
    const answer = await cscPost({ method: "oauth2/token", url: `${normaliseServiceUrl(tokenBase)}/oauth2/token`, body: { form }, ...call });
    return `Bearer ${readAnswer(accessTokenSchema, answer.body, "oauth2/token").access_token}`;
  }
  if (clientId !== undefined && clientSecret !== undefined && info.authType.includes("basic")) {
    const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`, "utf8").toString("base64")}`;
    const answer = await cscPost({ method: "auth/login", url: `${options.baseUrl}/auth/login`, body: { json: {} }, authorization: basic, ...call });
    return `Bearer ${readAnswer(accessTokenSchema, answer.body, "auth/login").access_token}`;
  }
  if (info.authType.some((type) => type === "external" || type === "TLS") || info.authType.length === 0) return undefined;
  if (clientId === undefined || clientSecret === undefined) {
    throw new KysoError("REMOTE_SIGNING_UNAUTHORIZED", `the CSC service needs ${info.authType.join(" or ")}: configure its client id and secret (KYSO_CSC_CLIENT_ID, KYSO_CSC_CLIENT_SECRET)`);
  }
  throw new KysoError("KEY_UNSUPPORTED", `the CSC service offers only ${info.authType.join(", ")}; kyso signs in with oauth2client or basic`);
}
