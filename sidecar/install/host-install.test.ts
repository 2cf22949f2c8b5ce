import { mkdir, mkdtemp, readdir, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hostLocation } from "./host-locations.js";
import { installHost, uninstallHost } from "./host-install.js";
import { launcherScript } from "./launcher-script.js";
import { registryFile } from "./windows-registry.js";

const NAME = "vn.kyso.sidecar";

/** Every file under dir, relative, sorted. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

describe("native host locations", () => {
  it.each([
    ["linux", "chrome", "user", "/home/an/.config/google-chrome/NativeMessagingHosts"],
    ["linux", "chrome", "system", "/etc/opt/chrome/native-messaging-hosts"],
    ["linux", "chromium", "user", "/home/an/.config/chromium/NativeMessagingHosts"],
    ["linux", "chromium", "system", "/etc/chromium/native-messaging-hosts"],
    ["linux", "edge", "user", "/home/an/.config/microsoft-edge/NativeMessagingHosts"],
    ["linux", "edge", "system", "/etc/opt/edge/native-messaging-hosts"],
    ["linux", "firefox", "user", "/home/an/.mozilla/native-messaging-hosts"],
    ["linux", "firefox", "system", "/usr/lib/mozilla/native-messaging-hosts"],
    ["darwin", "chrome", "user", "/home/an/Library/Application Support/Google/Chrome/NativeMessagingHosts"],
    ["darwin", "chrome", "system", "/Library/Google/Chrome/NativeMessagingHosts"],
    ["darwin", "chromium", "system", "/Library/Application Support/Chromium/NativeMessagingHosts"],
    ["darwin", "edge", "user", "/home/an/Library/Application Support/Microsoft Edge/NativeMessagingHosts"],
    ["darwin", "edge", "system", "/Library/Microsoft/Edge/NativeMessagingHosts"],
    ["darwin", "firefox", "user", "/home/an/Library/Application Support/Mozilla/NativeMessagingHosts"],
    ["darwin", "firefox", "system", "/Library/Application Support/Mozilla/NativeMessagingHosts"],
  ] as const)("puts the %s %s manifest for scope %s in %s", (...row) => {
    const [platform, browser, scope, dir] = row;
    expect(hostLocation({ platform, browser, scope, hostName: NAME, home: "/home/an" })).toEqual({ kind: "directory", dir });
  });

  it.each([
    ["chrome", "user", "HKEY_CURRENT_USER\\Software\\Google\\Chrome\\NativeMessagingHosts\\vn.kyso.sidecar"],
    ["chromium", "system", "HKEY_LOCAL_MACHINE\\Software\\Chromium\\NativeMessagingHosts\\vn.kyso.sidecar"],
    ["edge", "user", "HKEY_CURRENT_USER\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\vn.kyso.sidecar"],
    ["firefox", "system", "HKEY_LOCAL_MACHINE\\Software\\Mozilla\\NativeMessagingHosts\\vn.kyso.sidecar"],
  ] as const)("registers %s on Windows for scope %s under %s", (browser, scope, key) => {
    expect(hostLocation({ platform: "win32", browser, scope, hostName: NAME })).toEqual({ kind: "registry", key });
  });

  it("uses <user-data-dir>/NativeMessagingHosts for a Chromium profile started with --user-data-dir", () => {
    expect(hostLocation({ platform: "linux", browser: "chromium", scope: "user", hostName: NAME, userDataDir: "/tmp/p" })).toEqual({ kind: "directory", dir: "/tmp/p/NativeMessagingHosts" });
  });
});

describe("launcher and registry files", () => {
  it("writes a POSIX launcher running the absolute node and bundle, quoting spaces and quotes", () => {
    const script = launcherScript({ platform: "linux", nodePath: "/opt/node 20/bin/node", hostBundlePath: "/home/o'hara/kyso/kyso-host.mjs" });
    expect(script).toBe("#!/bin/sh\n# kyso native messaging host (written by kyso install)\nexec '/opt/node 20/bin/node' '/home/o'\\''hara/kyso/kyso-host.mjs' \"$@\"\n");
  });

  it("generates a .reg file whose keys' default values name the manifest, and one that deletes them", () => {
    const entries = [{ key: "HKEY_CURRENT_USER\\Software\\Google\\Chrome\\NativeMessagingHosts\\vn.kyso.sidecar", manifestPath: "C:\\Users\\An\\AppData\\Local\\kyso\\vn.kyso.sidecar.chromium.json" }];
    expect(registryFile(entries)).toBe(
      "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\Google\\Chrome\\NativeMessagingHosts\\vn.kyso.sidecar]\r\n@=\"C:\\\\Users\\\\An\\\\AppData\\\\Local\\\\kyso\\\\vn.kyso.sidecar.chromium.json\"\r\n",
    );
    expect(registryFile(entries, { remove: true })).toBe("Windows Registry Editor Version 5.00\r\n\r\n[-HKEY_CURRENT_USER\\Software\\Google\\Chrome\\NativeMessagingHosts\\vn.kyso.sidecar]\r\n");
  });
});

describe("install and uninstall", () => {
  it("installs for every browser on Linux idempotently, and uninstall removes exactly what install wrote", async () => {
    const home = await mkdtemp(join(tmpdir(), "kyso-home-"));
    const target = { browsers: ["chrome", "chromium", "edge", "firefox"] as const, scope: "user" as const, platform: "linux" as const, env: {}, home };
    const first = await installHost({ ...target, nodePath: "/usr/bin/node", hostBundlePath: "/opt/kyso/kyso-host.mjs" });
    const files = await tree(home);
    await installHost({ ...target, nodePath: "/usr/bin/node", hostBundlePath: "/opt/kyso/kyso-host.mjs" });
    expect(await tree(home)).toEqual(files);
    expect(files).toEqual([".config/chromium/NativeMessagingHosts/vn.kyso.sidecar.json", ".config/google-chrome/NativeMessagingHosts/vn.kyso.sidecar.json", ".config/microsoft-edge/NativeMessagingHosts/vn.kyso.sidecar.json", ".local/share/kyso/install-receipt.json", ".local/share/kyso/kyso-host.sh", ".mozilla/native-messaging-hosts/vn.kyso.sidecar.json"]);
    expect((await stat(first.launcherPath)).mode & 0o111).not.toBe(0);
    const chrome = JSON.parse(await readFile(join(home, ".config/google-chrome/NativeMessagingHosts/vn.kyso.sidecar.json"), "utf8")) as Record<string, unknown>;
    expect(chrome).toEqual({ name: NAME, description: expect.any(String) as string, path: first.launcherPath, type: "stdio", allowed_origins: ["chrome-extension://eghffkcannflfgnddbcpeifpfpanlpjo/"] });
    const firefox = JSON.parse(await readFile(join(home, ".mozilla/native-messaging-hosts/vn.kyso.sidecar.json"), "utf8")) as Record<string, unknown>;
    expect(firefox.allowed_extensions).toEqual(["kyso@kyso.vn"]);

    await uninstallHost({ ...target, browsers: ["firefox"] });
    expect(await tree(home)).toEqual(files.filter((f) => !f.startsWith(".mozilla")));
    await uninstallHost(target);
    await uninstallHost(target);
    expect(await tree(home)).toEqual([]);
  });

  it("removes on uninstall the folders install created, and keeps the ones that were there before", async () => {
    const home = await mkdtemp(join(tmpdir(), "kyso-home-"));
    // The person has used Chromium: its config folder exists, its NativeMessagingHosts folder does not.
    await mkdir(join(home, ".config/chromium/Default"), { recursive: true });
    const target = { browsers: ["chromium", "firefox"] as const, scope: "user" as const, platform: "linux" as const, env: {}, home };
    await installHost({ ...target, nodePath: "/usr/bin/node", hostBundlePath: "/opt/kyso/kyso-host.mjs" });
    await uninstallHost(target);
    expect((await readdir(home, { recursive: true })).sort()).toEqual([".config", ".config/chromium", ".config/chromium/Default"]);
  });

  it("on Windows writes the manifests beside the launcher and .reg files for IT, keeping the shared Chromium manifest while Edge still uses it", async () => {
    const home = await mkdtemp(join(tmpdir(), "kyso-win-"));
    const env = { LOCALAPPDATA: join(home, "Local") };
    const target = { browsers: ["chrome", "edge", "firefox"] as const, scope: "user" as const, platform: "win32" as const, env, home };
    const result = await installHost({ ...target, nodePath: "C:\\node\\node.exe", hostBundlePath: "C:\\kyso\\kyso-host.mjs" });
    expect(result.registrations.map((r) => r.registryKey)).toEqual([
      "HKEY_CURRENT_USER\\Software\\Google\\Chrome\\NativeMessagingHosts\\vn.kyso.sidecar",
      "HKEY_CURRENT_USER\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\vn.kyso.sidecar",
      "HKEY_CURRENT_USER\\Software\\Mozilla\\NativeMessagingHosts\\vn.kyso.sidecar",
    ]);
    expect(await tree(home)).toEqual(["Local/kyso/install-receipt.json", "Local/kyso/kyso-host.cmd", "Local/kyso/kyso-install.reg", "Local/kyso/kyso-uninstall.reg", "Local/kyso/vn.kyso.sidecar.chromium.json", "Local/kyso/vn.kyso.sidecar.firefox.json"]);
    const reg = await readFile(join(home, "Local/kyso/kyso-install.reg"), "utf8");
    expect(reg.match(/^\[HKEY_CURRENT_USER\\/gm)).toHaveLength(3);
    expect(await readFile(join(home, "Local/kyso/kyso-host.cmd"), "utf8")).toContain('"C:\\node\\node.exe" "C:\\kyso\\kyso-host.mjs" %*');

    await uninstallHost({ ...target, browsers: ["chrome"] });
    expect(await tree(home)).toContain("Local/kyso/vn.kyso.sidecar.chromium.json");
    expect((await readFile(join(home, "Local/kyso/kyso-install.reg"), "utf8")).match(/^\[HKEY/gm)).toHaveLength(2);
    await uninstallHost(target);
    expect(await tree(home)).toEqual([]);
  });
});
