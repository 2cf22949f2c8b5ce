import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { credentialsFor, type MailAccount, type MailCredentials } from "../mail-account.js";
import { chooseCredentialStore } from "./choose-credential-store.js";
import { credentialKey, type CredentialStore } from "./credential-store.js";

/** The stored secret of this account as credentials; MAIL_CREDENTIALS_MISSING until `kyso mail login`. */
export async function storedCredentials(account: Pick<MailAccount, "user" | "auth"> & { smtp: { host: string } }, store?: CredentialStore): Promise<MailCredentials> {
  const chosen = store ?? (await chooseCredentialStore());
  const secret = await chosen.read(credentialKey(account));
  if (secret === undefined) throw new KysoError("MAIL_CREDENTIALS_MISSING", `${credentialKey(account)} (${chosen.kind})`);
  return credentialsFor(account, secret);
}
