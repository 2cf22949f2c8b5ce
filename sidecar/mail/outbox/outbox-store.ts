import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { outboxEntrySchema, type OutboxEntry } from "./outbox-entry.js";

/**
 * The outbox on disk: `<id>.eml` (the finished message, never changed once written) and
 * `<id>.json` (its state). Every write goes to a temp file that is fsynced, renamed into
 * place, and the directory fsynced (ARCHITECTURE.md security rule 6), so a crash leaves the
 * old state or the new one, never half a file. The message is written before its state
 * record: a record always has its message; a message without a record was never enqueued
 * (the caller got no id) and is removed.
 */

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function writeFileDurably(path: string, bytes: Uint8Array | string): Promise<void> {
  const temp = `${path}.tmp-${randomBytes(6).toString("hex")}`;
  const handle = await open(temp, "wx", 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Time-ordered ids: listing sorts them in the order they were enqueued. */
export function newOutboxId(now: Date): string {
  return `${now.getTime().toString(36).padStart(9, "0")}-${randomBytes(5).toString("hex")}`;
}

export class OutboxStore {
  private constructor(readonly dir: string) {}

  static async open(dir: string): Promise<OutboxStore> {
    // 0700: the messages are official correspondence of this user only.
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return new OutboxStore(dir);
  }

  private messagePath(id: string): string {
    return join(this.dir, `${id}.eml`);
  }

  private statePath(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  async create(entry: OutboxEntry, raw: Buffer): Promise<void> {
    await writeFileDurably(this.messagePath(entry.id), raw);
    await writeFileDurably(this.statePath(entry.id), JSON.stringify(entry, null, 1));
    await fsyncDirectory(this.dir);
  }

  async save(entry: OutboxEntry): Promise<void> {
    await writeFileDurably(this.statePath(entry.id), JSON.stringify(entry, null, 1));
    await fsyncDirectory(this.dir);
  }

  async readMessage(id: string): Promise<Buffer> {
    return readFile(this.messagePath(id));
  }

  async load(id: string): Promise<OutboxEntry> {
    if (!/^[0-9a-z-]{8,64}$/.test(id)) throw new KysoError("MAIL_OUTBOX_ENTRY_NOT_FOUND", id);
    let text: string;
    try {
      text = await readFile(this.statePath(id), "utf8");
    } catch (error) {
      throw new KysoError("MAIL_OUTBOX_ENTRY_NOT_FOUND", id, { cause: error });
    }
    const parsed = outboxEntrySchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new KysoError("INTERNAL_ERROR", `outbox record ${id} is damaged: ${parsed.error.issues[0]?.message ?? ""}`);
    return parsed.data;
  }

  /** Every entry, oldest first; orphaned messages and temp files from a crash are removed. */
  async list(): Promise<OutboxEntry[]> {
    const names = await readdir(this.dir);
    const ids = new Set(names.filter((n) => n.endsWith(".json")).map((n) => n.slice(0, -5)));
    for (const name of names) {
      const orphan = name.endsWith(".eml") && !ids.has(name.slice(0, -4));
      if (orphan || name.includes(".tmp-")) await rm(join(this.dir, name), { force: true });
    }
    const entries: OutboxEntry[] = [];
    for (const id of [...ids].sort()) entries.push(await this.load(id));
    return entries;
  }
}
