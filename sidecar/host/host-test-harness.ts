import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { NativeHostClient } from "./native-host-client.js";

/** The bundled host users install (the global set-up builds dist/). */
export const HOST_BUNDLE = resolve(import.meta.dirname, "../../dist/sidecar/kyso-host.mjs");

export interface StartedHost {
  client: NativeHostClient;
  stateDir: string;
  /** Every log line the host wrote, rotated files included. */
  logText(): Promise<string>;
}

/** Starts the real host process with a private state directory and optional config. */
export async function startHost(options: { config?: object; env?: NodeJS.ProcessEnv } = {}): Promise<StartedHost> {
  const stateDir = await mkdtemp(join(tmpdir(), "kyso-host-"));
  const configFile = join(stateDir, "config.json");
  if (options.config) await writeFile(configFile, JSON.stringify(options.config));
  const client = NativeHostClient.start({
    command: process.execPath,
    args: [HOST_BUNDLE, "chrome-extension://eghffkcannflfgnddbcpeifpfpanlpjo/"],
    // No machine or browser policy unless a test gives one: an e2e suite may hold a policy in
    // /etc/chromium/policies/managed meanwhile, and policy outranks the config file (sidecar/config).
    env: { PATH: process.env.PATH, SOFTHSM2_CONF: process.env.SOFTHSM2_CONF, KYSO_STATE_DIR: stateDir, KYSO_CONFIG: configFile, KYSO_MACHINE_POLICY: join(stateDir, "no-machine-policy.json"), KYSO_BROWSER_POLICY_DIRS: "", ...options.env },
  });
  return {
    client,
    stateDir,
    async logText() {
      const dir = join(stateDir, "logs");
      const files = await readdir(dir).catch(() => []);
      return (await Promise.all(files.map((file) => readFile(join(dir, file), "utf8")))).join("");
    },
  };
}

/** A frame with an arbitrary body, for edge cases the client's send() would not produce. */
export function rawFrame(body: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32LE(body.length, 0);
  return Buffer.concat([header, body]);
}
