import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Where the sidecar keeps its settings and its state (logs, audit log), per OS convention:
 * XDG base directories on Linux, ~/Library/Application Support on macOS, %APPDATA% and
 * %LOCALAPPDATA% on Windows. KYSO_CONFIG and KYSO_STATE_DIR override (tests, IT).
 */
export function configFilePath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.KYSO_CONFIG) return env.KYSO_CONFIG;
  if (platform === "win32") return join(env.APPDATA ?? join(homedir(), "AppData", "Roaming"), "kyso", "config.json");
  if (platform === "darwin") return join(homedir(), "Library", "Application Support", "kyso", "config.json");
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), ".config"), "kyso", "config.json");
}

export function stateDirPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.KYSO_STATE_DIR) return env.KYSO_STATE_DIR;
  if (platform === "win32") return join(env.LOCALAPPDATA ?? join(homedir(), "AppData", "Local"), "kyso");
  if (platform === "darwin") return join(homedir(), "Library", "Application Support", "kyso");
  return join(env.XDG_STATE_HOME ?? join(homedir(), ".local", "state"), "kyso");
}

export const logDirPath = (env: NodeJS.ProcessEnv = process.env) => join(stateDirPath(env), "logs");
export const auditFilePath = (env: NodeJS.ProcessEnv = process.env) => join(stateDirPath(env), "audit.jsonl");
