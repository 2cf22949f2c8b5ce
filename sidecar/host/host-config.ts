import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as z from "zod/mini";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import { BROWSER_TO_HOST_MAX_BYTES } from "../../shared/protocol/message-limits.js";
import { readEffectiveSettings } from "../config/effective-settings.js";
import { hostConfigWithSettings } from "../config/host-config-from-settings.js";
import { configFilePath } from "./state-paths.js";

const urlSchema = z.string().check(z.maxLength(2048), z.regex(/^https?:\/\//));

/**
 * The sidecar's own settings until the policy issue brings shared/policy: which PKCS#11
 * modules, TSA and OCSP endpoints, message cap, and where to forward the audit log.
 */
export const hostConfigSchema = z.object({
  pkcs11Modules: z.optional(z.array(z.string().check(z.maxLength(1024))).check(z.maxLength(16))),
  /** TSA URLs the extension may ask for; any http(s) URL when absent. */
  tsaUrls: z.optional(z.array(urlSchema).check(z.maxLength(16))),
  /** OCSP responders and CRL endpoints doctor checks. */
  ocspUrls: z.optional(z.array(urlSchema).check(z.maxLength(16))),
  /**
   * CSC v2 remote signing services (sidecar/keys/csc): sign.digest and keys.list use only these.
   * The client secret is read from a file that only the user and IT can read, never from policy.
   */
  cscServices: z.optional(z.array(z.object({
    url: urlSchema,
    name: z.optional(z.string().check(z.maxLength(255))),
    clientId: z.optional(z.string().check(z.maxLength(512))),
    clientSecretFile: z.optional(z.string().check(z.maxLength(1024))),
    approvalTimeoutSeconds: z.optional(z.number().check(z.int(), z.gte(10), z.lte(600))),
  })).check(z.maxLength(8))),
  /**
   * The PKI SIM service (sidecar/keys/mss). The AP password is read from apPasswordFile (only
   * the user and IT can read it), else KYSO_MSS_AP_PASSWORD in the host's environment.
   */
  mssService: z.optional(z.object({
    url: urlSchema,
    apId: z.string().check(z.minLength(1), z.maxLength(512)),
    apPasswordFile: z.optional(z.string().check(z.maxLength(1024))),
    signatureProfile: z.optional(z.string().check(z.maxLength(512))),
    timeoutSeconds: z.optional(z.number().check(z.int(), z.gte(10), z.lte(600))),
    certificateDir: z.optional(z.string().check(z.maxLength(1024))),
  })),
  /**
   * Mail (sidecar/config/mail-account-from-settings.ts): the account itself is the `mail` settings; these
   * two are this machine's paths, so they are not settings. The outbox folder, relative to this
   * file (default <state dir>/outbox); a PEM file of the mail servers' CA, used instead of the
   * mail.caPem setting when set (as pkcs11Modules, this file keeps the last word).
   */
  mailOutboxDir: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))),
  mailCaPemFile: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))),
  maxMessageBytes: z.optional(z.number().check(z.int(), z.positive(), z.lte(BROWSER_TO_HOST_MAX_BYTES))),
  syslog: z.optional(
    z.object({
      host: z.string().check(z.maxLength(255)),
      port: z.number().check(z.int(), z.positive(), z.lte(65535)),
      protocol: z.enum(["udp", "tcp"]),
      appName: z.optional(z.string().check(z.maxLength(48))),
    }),
  ),
});

export type HostConfig = z.infer<typeof hostConfigSchema>;

/** The config file's keys that are the host's own; the rest of the file holds settings (sidecar/config). */
export const HOST_CONFIG_KEYS: readonly string[] = Object.keys(hostConfigSchema.shape);

/** The settings (machine policy, browser policy, the same file) fill what the host config leaves unset. */
const withSettings = (config: HostConfig, file: string, handshakePolicy?: Record<string, unknown>) =>
  hostConfigWithSettings(config, readEffectiveSettings({ userConfigFile: file, userConfigOtherKeys: HOST_CONFIG_KEYS, ...(handshakePolicy ? { handshakePolicy } : {}) }).settings);

export interface LoadedConfig {
  config: HostConfig;
  file: string;
  /** SHA-256 of the file as read, hex; "none" when there is no file. */
  digest: string;
}

/** Reads the config file; a missing file is an empty config, an invalid one an error. */
export function loadHostConfig(file: string = configFilePath(), handshakePolicy?: Record<string, unknown>): LoadedConfig {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { config: withSettings({}, file, handshakePolicy), file, digest: "none" };
    throw new KysoError("FILE_UNREADABLE", file, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new KysoError("BAD_REQUEST", `${file} is not JSON`, { cause: error });
  }
  const checked = hostConfigSchema.safeParse(parsed);
  if (!checked.success) throw new KysoError("BAD_REQUEST", `${file}: ${checked.error.issues.map((i) => i.path.join(".")).join(", ")}`);
  return { config: withSettings(checked.data, file, handshakePolicy), file, digest: createHash("sha256").update(bytes).digest("hex") };
}
