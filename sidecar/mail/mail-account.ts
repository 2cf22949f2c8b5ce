import type { KysoSettings } from "../../shared/policy/settings.js";

type MailSettings = KysoSettings["mail"];

/**
 * One official mail account: the agency's submission (SMTP) and IMAP servers. It is built
 * from the `mail` settings (sidecar/config/mail-account-from-settings.ts), whose names it
 * keeps. The password is never part of it (nor of any file kyso writes): it comes from the
 * keyring, or for the CLI from a named environment variable, and travels only in `MailCredentials`.
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
  /** "plain" / "login": SASL PLAIN (RFC 4616) or LOGIN with a password; "xoauth2": SASL XOAUTH2 with an OAuth 2.0 access token as the secret. */
  auth: MailSettings["auth"];
}

/** tls "starttls": plain connect, upgrade required (submission, RFC 6409); "implicit": TLS from the first byte (RFC 8314). */
export type MailServerEndpoint = MailSettings["smtp"];

/**
 * Where the sent copy comes from: kyso APPENDs it to the Sent folder, or the server files
 * submitted mail itself (Exchange, some Zimbra set-ups) and kyso must not add a second copy.
 */
export interface SentPolicy {
  mode: MailSettings["sentCopy"];
  /** A folder path that overrides special-use detection. */
  mailbox?: string;
}

/** The secret for one login: a password, or for XOAUTH2 a bearer access token (RFC 6750). */
export type MailCredentials = { user: string; password: string } | { user: string; accessToken: string };

/** The account's secret as credentials of the account's auth kind. */
export function credentialsFor(account: Pick<MailAccount, "user" | "auth">, secret: string): MailCredentials {
  return account.auth === "xoauth2" ? { user: account.user, accessToken: secret } : { user: account.user, password: secret };
}
