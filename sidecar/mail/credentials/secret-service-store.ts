import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { CREDENTIAL_SERVICE, type CredentialStore } from "./credential-store.js";
import { runOsCommand } from "./os-command.js";

/**
 * The freedesktop Secret Service (GNOME Keyring, KWallet ≥ 5.97, KeePassXC) through
 * libsecret's `secret-tool`: `store` reads the secret from stdin; `lookup` prints it and exits
 * 1 when there is none. Attributes: service=kyso-mail account=<key>.
 */
export function secretServiceStore(options: { command?: string; env?: NodeJS.ProcessEnv } = {}): CredentialStore {
  const command = options.command ?? "secret-tool";
  const run = (args: string[], stdin?: string) => runOsCommand(command, args, { ...(stdin !== undefined ? { stdin } : {}), ...(options.env ? { env: options.env } : {}) });
  const attributes = (key: string) => ["service", CREDENTIAL_SERVICE, "account", key];
  return {
    kind: "secret-service",
    location: "Secret Service (secret-tool)",
    async read(key) {
      const outcome = await run(["lookup", ...attributes(key)]);
      if (outcome.code !== 0) {
        if (outcome.stderr.trim() === "") return undefined; // no such item
        throw new KysoError("MAIL_CREDENTIAL_STORE_FAILED", `secret-tool lookup: ${outcome.stderr.trim()}`);
      }
      return outcome.stdout.replace(/\n$/, "");
    },
    async write(key, secret) {
      const outcome = await run(["store", `--label=kyso: ${key}`, ...attributes(key)], secret);
      if (outcome.code !== 0) throw new KysoError("MAIL_CREDENTIAL_STORE_FAILED", `secret-tool store: ${outcome.stderr.trim()}`);
    },
    async remove(key) {
      await run(["clear", ...attributes(key)]);
    },
  };
}
