import { homedir } from "node:os";
import { join } from "node:path";

export const BROWSERS = ["chrome", "chromium", "edge", "firefox"] as const;
export type Browser = (typeof BROWSERS)[number];
export type Scope = "user" | "system";
export type Platform = "linux" | "darwin" | "win32";

/** Where a browser looks for a native host: a manifest directory, or (Windows) a registry key. */
export type HostLocation = { kind: "directory"; dir: string } | { kind: "registry"; key: string };

/**
 * Native messaging host manifest locations, per browser, OS and scope.
 *
 * Chrome: developer.chrome.com/docs/extensions/develop/concepts/native-messaging
 *   ("Native messaging host location"): Linux ~/.config/google-chrome/NativeMessagingHosts,
 *   /etc/opt/chrome/native-messaging-hosts; Chromium ~/.config/chromium/NativeMessagingHosts,
 *   /etc/chromium/native-messaging-hosts; macOS ~/Library/Application Support/Google/Chrome/
 *   NativeMessagingHosts, /Library/Google/Chrome/NativeMessagingHosts (Chromium:
 *   …/Application Support/Chromium/…); Windows HKCU|HKLM\Software\Google\Chrome\
 *   NativeMessagingHosts\<name>, default value = manifest path.
 * Edge: learn.microsoft.com/microsoft-edge/extensions/developer-guide/native-messaging:
 *   Linux ~/.config/microsoft-edge/NativeMessagingHosts, /etc/opt/edge/native-messaging-hosts;
 *   macOS ~/Library/Application Support/Microsoft Edge/NativeMessagingHosts,
 *   /Library/Microsoft/Edge/NativeMessagingHosts; Windows …\Software\Microsoft\Edge\
 *   NativeMessagingHosts\<name>.
 * Firefox: developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/Native_manifests
 *   ("Manifest location"): Linux ~/.mozilla/native-messaging-hosts,
 *   /usr/lib/mozilla/native-messaging-hosts (/usr/lib64/… on some distributions); macOS
 *   ~/Library/Application Support/Mozilla/NativeMessagingHosts,
 *   /Library/Application Support/Mozilla/NativeMessagingHosts; Windows …\Software\Mozilla\
 *   NativeMessagingHosts\<name>.
 * With --user-data-dir, Chromium-family browsers read <dir>/NativeMessagingHosts instead of
 * the per-user directory (measured with Chromium 156, TEST-SERVERS.md).
 */
const POSIX_DIRECTORIES: Record<"linux" | "darwin", Record<Browser, Record<Scope, string>>> = {
  linux: {
    chrome: { user: "~/.config/google-chrome/NativeMessagingHosts", system: "/etc/opt/chrome/native-messaging-hosts" },
    chromium: { user: "~/.config/chromium/NativeMessagingHosts", system: "/etc/chromium/native-messaging-hosts" },
    edge: { user: "~/.config/microsoft-edge/NativeMessagingHosts", system: "/etc/opt/edge/native-messaging-hosts" },
    firefox: { user: "~/.mozilla/native-messaging-hosts", system: "/usr/lib/mozilla/native-messaging-hosts" },
  },
  darwin: {
    chrome: { user: "~/Library/Application Support/Google/Chrome/NativeMessagingHosts", system: "/Library/Google/Chrome/NativeMessagingHosts" },
    chromium: { user: "~/Library/Application Support/Chromium/NativeMessagingHosts", system: "/Library/Application Support/Chromium/NativeMessagingHosts" },
    edge: { user: "~/Library/Application Support/Microsoft Edge/NativeMessagingHosts", system: "/Library/Microsoft/Edge/NativeMessagingHosts" },
    firefox: { user: "~/Library/Application Support/Mozilla/NativeMessagingHosts", system: "/Library/Application Support/Mozilla/NativeMessagingHosts" },
  },
};

const REGISTRY_VENDOR_PATHS: Record<Browser, string> = {
  chrome: "Software\\Google\\Chrome\\NativeMessagingHosts",
  chromium: "Software\\Chromium\\NativeMessagingHosts",
  edge: "Software\\Microsoft\\Edge\\NativeMessagingHosts",
  firefox: "Software\\Mozilla\\NativeMessagingHosts",
};

export interface LocationQuery {
  browser: Browser;
  scope: Scope;
  platform: Platform;
  hostName: string;
  home?: string;
  /** A Chromium-family profile directory started with --user-data-dir. */
  userDataDir?: string;
}

export function hostLocation(query: LocationQuery): HostLocation {
  if (query.userDataDir !== undefined && query.browser !== "firefox") return { kind: "directory", dir: join(query.userDataDir, "NativeMessagingHosts") };
  if (query.platform === "win32") {
    const hive = query.scope === "user" ? "HKEY_CURRENT_USER" : "HKEY_LOCAL_MACHINE";
    return { kind: "registry", key: `${hive}\\${REGISTRY_VENDOR_PATHS[query.browser]}\\${query.hostName}` };
  }
  const dir = POSIX_DIRECTORIES[query.platform][query.browser][query.scope];
  return { kind: "directory", dir: dir.startsWith("~/") ? join(query.home ?? homedir(), dir.slice(2)) : dir };
}

/**
 * Where kyso keeps its launcher, its Windows manifests and its install receipt: per user in
 * the data directory, per machine where programs live.
 */
export function kysoDataDir(options: { scope: Scope; platform: Platform; env: NodeJS.ProcessEnv; home?: string }): string {
  const home = options.home ?? homedir();
  const { env } = options;
  if (options.platform === "win32") {
    return options.scope === "user" ? join(env.LOCALAPPDATA ?? join(home, "AppData", "Local"), "kyso") : join(env.ProgramData ?? "C:\\ProgramData", "kyso");
  }
  if (options.platform === "darwin") return options.scope === "user" ? join(home, "Library", "Application Support", "kyso") : "/Library/Application Support/kyso";
  return options.scope === "user" ? join(env.XDG_DATA_HOME ?? join(home, ".local", "share"), "kyso") : "/usr/local/lib/kyso";
}
