import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { KysoError } from "../../shared/protocol/kyso-error.js";

/**
 * One official mail account: the agency's submission (SMTP) and IMAP servers. The password
 * is never part of it (nor of any file kyso writes): it comes from the keyring, or for the
 * CLI from a named environment variable, and travels only in `MailCredentials`.
 */
export interface MailAccount {
  /** The sender address (From and envelope sender). */
  address: string;
  displayName?: string;
  /** Login name; the address when not given. */
  user: string;
  smtp: MailServerEndpoint;
  imap: MailServerEndpoint;
  /** PEM of the CA(s) that issued the servers' certificates, trusted explicitly; else the system store. */
  caPem?: string;
  sent: SentPolicy;
  /** Directory of the durable outbox. */
  outboxDir: string;
  /** "password": AUTH PLAIN/LOGIN; "xoauth2": SASL XOAUTH2 with an OAuth 2.0 access token as the secret. */
  auth: "password" | "xoauth2";
}

export interface MailServerEndpoint {
  host: string;
  port: number;
  /** "starttls": plain connect, upgrade required (submission, RFC 6409); "implicit": TLS from the first byte (RFC 8314). */
  tls: "starttls" | "implicit";
}

/**
 * Where the sent copy comes from: kyso APPENDs it to the Sent folder, or the server files
 * submitted mail itself (Exchange, some Zimbra set-ups) and kyso must not add a second copy.
 */
export interface SentPolicy {
  mode: "append" | "server-files";
  /** A folder path that overrides special-use detection. */
  mailbox?: string;
}

/** The secret for one login: a password, or for XOAUTH2 a bearer access token (RFC 6750). */
export type MailCredentials = { user: string; password: string } | { user: string; accessToken: string };

/** The account's secret as credentials of the account's auth kind. */
export function credentialsFor(account: Pick<MailAccount, "user" | "auth">, secret: string): MailCredentials {
  return account.auth === "xoauth2" ? { user: account.user, accessToken: secret } : { user: account.user, password: secret };
}

const endpointSchema = z.strictObject({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65_535),
  tls: z.enum(["starttls", "implicit"]),
});

/** The JSON config file (`--config FILE` / $KYSO_CONFIG): a `mail` section; other sections belong to others. */
const configSchema = z.object({
  mail: z.strictObject({
    address: z.email(),
    displayName: z.string().max(200).optional(),
    user: z.string().min(1).optional(),
    smtp: endpointSchema,
    imap: endpointSchema,
    caPemFile: z.string().min(1).optional(),
    caPem: z.string().includes("-----BEGIN CERTIFICATE-----").optional(),
    sent: z.strictObject({ mode: z.enum(["append", "server-files"]), mailbox: z.string().min(1).optional() }).optional(),
    outboxDir: z.string().min(1).optional(),
    auth: z.enum(["password", "xoauth2"]).optional(),
  }),
});

export function defaultOutboxDir(env: NodeJS.ProcessEnv): string {
  const stateHome = env.XDG_STATE_HOME ?? resolve(env.HOME ?? ".", ".local", "state");
  return resolve(stateHome, "kyso", "outbox");
}

/** Reads and checks the `mail` section; relative paths are relative to the config file. */
export async function loadMailAccount(configFile: string, env: NodeJS.ProcessEnv): Promise<MailAccount> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(configFile, "utf8"));
  } catch (error) {
    throw new KysoError("MAIL_CONFIG_INVALID", `${configFile}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KysoError("MAIL_CONFIG_INVALID", `${configFile}: ${issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid"}`);
  }
  const mail = parsed.data.mail;
  const near = (path: string) => (isAbsolute(path) ? path : resolve(dirname(configFile), path));
  let caPem = mail.caPem;
  if (mail.caPemFile !== undefined) {
    try {
      caPem = await readFile(near(mail.caPemFile), "utf8");
    } catch (error) {
      throw new KysoError("MAIL_CONFIG_INVALID", `caPemFile ${mail.caPemFile} cannot be read`, { cause: error });
    }
  }
  return {
    address: mail.address,
    ...(mail.displayName !== undefined ? { displayName: mail.displayName } : {}),
    user: mail.user ?? mail.address,
    smtp: mail.smtp,
    imap: mail.imap,
    ...(caPem !== undefined ? { caPem } : {}),
    sent: mail.sent ?? { mode: "append" },
    outboxDir: mail.outboxDir !== undefined ? near(mail.outboxDir) : defaultOutboxDir(env),
    auth: mail.auth ?? "password",
  };
}
