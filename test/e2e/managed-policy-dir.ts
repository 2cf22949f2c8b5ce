/**
 * /etc/chromium/policies/managed is one directory for every Chromium on this machine, and
 * Chromium merges all the files in it: two suites writing kyso policy at once would each
 * see the other's values. Suites that write there (or need it free of kyso policy) hold this
 * lock while they do; a lock left by a dead test process is taken over.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CHROMIUM_EXTENSION_ID } from "../../shared/extension-identity.js";

export const MANAGED_POLICY_DIR = "/etc/chromium/policies/managed";
const LOCK_DIR = "/etc/chromium/policies/.kyso-e2e-lock";
const WAIT_MS = 180_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface HeldPolicyDir {
  /** Writes a policy file as it is, as `<dir>/<name>-<pid>.json`. */
  placeFile(name: string, contents: string): Promise<string>;
  /** Writes kyso's extension policy (a 3rdparty entry) as `<dir>/<name>-<pid>.json`. */
  writeKysoPolicy(name: string, settings: unknown): Promise<string>;
  release(): Promise<void>;
}

export async function holdManagedPolicyDir(): Promise<HeldPolicyDir> {
  await mkdir(MANAGED_POLICY_DIR, { recursive: true });
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      await mkdir(LOCK_DIR);
      await writeFile(join(LOCK_DIR, "pid"), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(await readFile(join(LOCK_DIR, "pid"), "utf8").catch(() => "0"));
      if (holder > 0 && !alive(holder)) await rm(LOCK_DIR, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`${LOCK_DIR} held by process ${holder} for over ${WAIT_MS / 1000} s`, { cause: error });
      await new Promise((done) => setTimeout(done, 250));
    }
  }
  const written: string[] = [];
  let held = true;
  const placeFile = async (name: string, contents: string) => {
    const file = join(MANAGED_POLICY_DIR, `${name}-${process.pid}.json`);
    await writeFile(file, contents);
    written.push(file);
    return file;
  };
  return {
    placeFile,
    writeKysoPolicy: (name, settings) => placeFile(name, JSON.stringify({ "3rdparty": { extensions: { [CHROMIUM_EXTENSION_ID]: settings } } })),
    async release() {
      // Once only: a second release must not remove a lock another process has taken since.
      if (!held) return;
      held = false;
      for (const file of written) await rm(file, { force: true });
      await rm(LOCK_DIR, { recursive: true, force: true });
    },
  };
}
