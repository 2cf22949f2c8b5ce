import { access, constants } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { stateDirPath } from "../../host/state-paths.js";
import type { CredentialStore } from "./credential-store.js";
import { encryptedFileStore } from "./encrypted-file-store.js";
import { macosKeychainStore } from "./macos-keychain-store.js";
import { secretServiceStore } from "./secret-service-store.js";
import { windowsCredentialStore } from "./windows-credential-store.js";

/**
 * The OS keyring where one exists — Windows Credential Manager and the macOS keychain always
 * do; on Linux the Secret Service when `secret-tool` is installed and a session bus is there
 * to reach it — else the encrypted file in kyso's state directory. KYSO_CREDENTIAL_STORE=file
 * forces the file (IT, headless machines, tests).
 */
async function onPath(command: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, command);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export const credentialFilePath = (env: NodeJS.ProcessEnv = process.env) => join(stateDirPath(env), "mail-credentials.json");

export async function chooseCredentialStore(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Promise<CredentialStore> {
  const file = () => encryptedFileStore(credentialFilePath(env));
  if (env.KYSO_CREDENTIAL_STORE === "file") return file();
  if (platform === "win32") return windowsCredentialStore();
  if (platform === "darwin") return macosKeychainStore();
  const secretTool = await onPath("secret-tool", env);
  if (secretTool !== undefined && env.DBUS_SESSION_BUS_ADDRESS !== undefined && env.DBUS_SESSION_BUS_ADDRESS !== "") return secretServiceStore({ command: secretTool, env });
  return file();
}
