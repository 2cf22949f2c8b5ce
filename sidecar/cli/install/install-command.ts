import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { CliCommand } from "../cli-io.js";
import { INSTALL_USAGE, parseInstallArguments } from "./install-arguments.js";

/**
 * `kyso install`: registers dist/sidecar/kyso-host.mjs as the native messaging host of the
 * chosen browsers, run by this very node (process.execPath), both as absolute paths.
 */
export const installCommand: CliCommand = {
  name: "install",
  summary: { vi: "đăng ký phần mềm kyso với trình duyệt (native messaging)", en: "register kyso with the browsers (native messaging)" },
  usage: {
    vi: `Cách dùng: kyso install ${INSTALL_USAGE}\n  --browser       trình duyệt (mặc định: all)\n  --scope         user: cho người dùng này; system: cho cả máy (cần quyền quản trị)\n  --user-data-dir thư mục hồ sơ Chromium khởi động với --user-data-dir\n`,
    en: `Usage: kyso install ${INSTALL_USAGE}\n  --browser       which browsers (default: all)\n  --scope         user: this user; system: the whole machine (needs administrator rights)\n  --user-data-dir a Chromium profile started with --user-data-dir\n`,
  },
  async run(context) {
    const parsed = parseInstallArguments(context.args, "install");
    // The CLI bundle and the host bundle are built side by side into dist/sidecar/.
    const hostBundlePath = fileURLToPath(new URL("./kyso-host.mjs", import.meta.url));
    if (!existsSync(hostBundlePath)) throw new KysoError("HOST_INSTALL_FAILED", `${hostBundlePath} is missing: run npm run build`);
    const { installHost } = await import("../../install/host-install.js");
    const result = await installHost({ ...parsed, env: process.env, nodePath: process.execPath, hostBundlePath });
    if (parsed.json) {
      context.stdout(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const vi = context.language === "vi";
    context.stdout(`${vi ? "Chương trình chạy" : "Launcher"}: ${result.launcherPath}\n`);
    for (const r of result.registrations) context.stdout(`${vi ? "Đã đăng ký cho" : "Registered for"} ${r.browser}: ${r.registryKey ?? r.manifestPath}\n`);
    for (const file of result.registryFiles) context.stdout(`${vi ? "Tệp .reg" : ".reg file"}: ${file}\n`);
    return 0;
  },
};

export const uninstallCommand: CliCommand = {
  name: "uninstall",
  summary: { vi: "gỡ đăng ký phần mềm kyso khỏi trình duyệt", en: "unregister kyso from the browsers" },
  usage: { vi: `Cách dùng: kyso uninstall ${INSTALL_USAGE}\n  Gỡ đúng những gì kyso install đã ghi.\n`, en: `Usage: kyso uninstall ${INSTALL_USAGE}\n  Removes exactly what kyso install wrote.\n` },
  async run(context) {
    const parsed = parseInstallArguments(context.args, "uninstall");
    const { uninstallHost } = await import("../../install/host-install.js");
    const removed = await uninstallHost({ ...parsed, env: process.env });
    if (parsed.json) {
      context.stdout(`${JSON.stringify({ removed }, null, 2)}\n`);
      return 0;
    }
    const vi = context.language === "vi";
    if (removed.length === 0) context.stdout(vi ? "Không có gì để gỡ.\n" : "Nothing to remove.\n");
    for (const r of removed) context.stdout(`${vi ? "Đã gỡ khỏi" : "Removed from"} ${r.browser}: ${r.registryKey ?? r.manifestPath}\n`);
    return 0;
  },
};
