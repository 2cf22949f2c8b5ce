import { resolve } from "node:path";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { parseCliOptions } from "../cli-options.js";
import { BROWSERS, type Browser, type Platform, type Scope } from "../../install/host-locations.js";

export interface InstallArguments {
  browsers: Browser[];
  scope: Scope;
  platform: Platform;
  userDataDir?: string;
  json: boolean;
}

export const INSTALL_USAGE = "[--browser chrome|chromium|edge|firefox|all] [--scope user|system] [--user-data-dir DIR] [--json]";

/** Arguments shared by `kyso install` and `kyso uninstall`. */
export function parseInstallArguments(args: string[], command: string): InstallArguments {
  const { values } = parseCliOptions(
    args,
    { browser: { type: "string", multiple: true }, scope: { type: "string" }, "user-data-dir": { type: "string" }, json: { type: "boolean" } },
    { usage: `kyso ${command} ${INSTALL_USAGE}`, allowPositionals: false },
  );
  const named = (values.browser ?? ["all"]).flatMap((b) => b.split(","));
  const browsers = named.includes("all") ? [...BROWSERS] : named.map((b) => {
    if (!(BROWSERS as readonly string[]).includes(b)) throw new KysoError("CLI_USAGE", `--browser ${b}: one of ${BROWSERS.join(", ")}, all`);
    return b as Browser;
  });
  const scope = values.scope ?? "user";
  if (scope !== "user" && scope !== "system") throw new KysoError("CLI_USAGE", `--scope ${scope}: user or system`);
  const platform = process.platform;
  if (platform !== "linux" && platform !== "darwin" && platform !== "win32") throw new KysoError("CLI_USAGE", `kyso ${command} supports Linux, macOS and Windows, not ${platform}`);
  const userDataDir = values["user-data-dir"];
  if (userDataDir !== undefined && browsers.includes("firefox") && named.length === 1 && !named.includes("all")) {
    throw new KysoError("CLI_USAGE", "--user-data-dir is a Chromium-family profile; Firefox reads only its own locations");
  }
  return { browsers: [...new Set(browsers)], scope, platform, ...(userDataDir === undefined ? {} : { userDataDir: resolve(userDataDir) }), json: values.json ?? false };
}
