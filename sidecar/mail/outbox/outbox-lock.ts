import { open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { KysoError } from "../../../shared/protocol/kyso-error.js";

/**
 * One process works the outbox at a time: another one finding an entry "sending" would take
 * a live submission for a crashed one. The lock file holds the owner's pid; a lock whose
 * process is gone is stale and taken over.
 */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface OutboxLock {
  release(): Promise<void>;
}

/**
 * `waitMs`: how long to wait for a live owner to finish (the native host opens the outbox per
 * request, and a browser may run one host per window; the CLI waits 0 and reports who holds it).
 */
export async function lockOutbox(dir: string, options: { waitMs?: number } = {}): Promise<OutboxLock> {
  const path = join(dir, "outbox.lock");
  const deadline = Date.now() + (options.waitMs ?? 0);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(path, "wx", 0o600);
      await handle.writeFile(String(process.pid));
      await handle.sync();
      await handle.close();
      return { release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number.parseInt(await readFile(path, "utf8").catch(() => ""), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        if (Date.now() >= deadline) throw new KysoError("MAIL_OUTBOX_STATE", `the outbox is in use by process ${owner}`);
        await sleep(100);
        attempt -= 1;
        continue;
      }
      await rm(path, { force: true });
    }
  }
  throw new KysoError("MAIL_OUTBOX_STATE", "the outbox lock cannot be taken");
}
