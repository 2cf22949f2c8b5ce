/**
 * Where a mail account's secret (password, or OAuth2 access token for XOAUTH2) is kept: the
 * OS keyring where there is one, else an encrypted file only the user can read. Never in
 * policy, config, logs or the audit log. Each store speaks to one OS facility; the choice is
 * made once (choose-credential-store.ts) and reported by `kyso doctor`.
 */
export type CredentialStoreKind = "secret-service" | "macos-keychain" | "windows-credential-manager" | "encrypted-file";

export interface CredentialStore {
  kind: CredentialStoreKind;
  /** Where exactly (a file path, "login keychain"), for doctor. */
  location: string;
  read(key: string): Promise<string | undefined>;
  write(key: string, secret: string): Promise<void>;
  remove(key: string): Promise<void>;
}

/** Attribute values that name the account in every store: service "kyso-mail", account KEY. */
export const CREDENTIAL_SERVICE = "kyso-mail";

/** One secret per login at a submission server: the same user at another agency server is another entry. */
export function credentialKey(account: { user: string; smtp: { host: string } }): string {
  return `${account.user}@${account.smtp.host}`;
}
