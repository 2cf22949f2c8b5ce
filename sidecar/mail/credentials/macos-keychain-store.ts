import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { CREDENTIAL_SERVICE, type CredentialStore } from "./credential-store.js";
import { runOsCommand } from "./os-command.js";

/**
 * The macOS login keychain through `security`. Writing uses `security -i` (commands read from
 * stdin) so that the password never appears in argv; `find-generic-password -w` prints it;
 * exit 44 means "not found". Untested here (no macOS on this machine).
 */
const quoted = (value: string) => `"${value.replace(/(["\\])/g, "\\$1")}"`;

export function macosKeychainStore(): CredentialStore {
  return {
    kind: "macos-keychain",
    location: "macOS login keychain",
    async read(key) {
      const outcome = await runOsCommand("security", ["find-generic-password", "-s", CREDENTIAL_SERVICE, "-a", key, "-w"]);
      if (outcome.code === 44) return undefined;
      if (outcome.code !== 0) throw new KysoError("MAIL_CREDENTIAL_STORE_FAILED", `security: ${outcome.stderr.trim()}`);
      return outcome.stdout.replace(/\n$/, "");
    },
    async write(key, secret) {
      const line = `add-generic-password -U -s ${quoted(CREDENTIAL_SERVICE)} -a ${quoted(key)} -l ${quoted(`kyso: ${key}`)} -w ${quoted(secret)}\n`;
      const outcome = await runOsCommand("security", ["-i"], { stdin: line });
      if (outcome.code !== 0 || /error/i.test(outcome.stderr)) throw new KysoError("MAIL_CREDENTIAL_STORE_FAILED", `security: ${outcome.stderr.trim()}`);
    },
    async remove(key) {
      await runOsCommand("security", ["delete-generic-password", "-s", CREDENTIAL_SERVICE, "-a", key]);
    },
  };
}
