import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { auditRecordSchema, type AuditRecord } from "../../shared/protocol/methods/audit.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import { GENESIS_HASH, recordHash, type AuditEntry } from "./audit-chain.js";

const TAIL_BYTES = 64 * 1024;
const LOCK_WAIT_MS = 2000;
const STALE_LOCK_MS = 10_000;

function lastLine(file: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const size = statSync(file).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString("utf8").trimEnd().split("\n").pop() || undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Two browsers may run a host each: one append at a time, through an exclusive lock file
 * (O_EXCL). A lock older than STALE_LOCK_MS belonged to a host that died holding it.
 */
function withLock<T>(file: string, action: () => T): T {
  const lock = `${file}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      closeSync(openSync(lock, "wx", 0o600));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) rmSync(lock, { force: true });
      else if (Date.now() > deadline) throw new KysoError("INTERNAL_ERROR", `the audit log ${file} stays locked`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
  try {
    return action();
  } finally {
    rmSync(lock, { force: true });
  }
}

/**
 * Appends one record to the hash-chained JSON-lines audit log (ARCHITECTURE.md security rule
 * 7) and returns it. Opened in append mode: nothing already written is ever rewritten.
 */
export function appendAuditRecord(file: string, entry: AuditEntry, now: Date = new Date()): AuditRecord {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  return withLock(file, () => {
    const tail = lastLine(file);
    let prevHash = GENESIS_HASH;
    let seq = 1;
    if (tail) {
      const previous = parseAuditLine(tail);
      if (!previous) throw new KysoError("AUDIT_LOG_TAMPERED", `the last line of ${file} is not an audit record`);
      prevHash = previous.hash;
      seq = previous.seq + 1;
    }
    const unsigned = { seq, time: now.toISOString(), ...entry, prevHash };
    const record: AuditRecord = { ...unsigned, hash: recordHash(unsigned) };
    appendFileSync(file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
    writeAuditHead(file, { seq: record.seq, hash: record.hash });
    return record;
  });
}

/** Every record in the file, oldest first; lines that are not records are skipped (verify reports them). */
export function readAuditRecords(file: string): AuditRecord[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const records: AuditRecord[] = [];
  for (const line of text.split("\n")) {
    const record = line ? parseAuditLine(line) : undefined;
    if (record) records.push(record);
  }
  return records;
}

/** One line of the log as a record; undefined for anything else, JSON or not (a cut or edited line). */
export function parseAuditLine(line: string): AuditRecord | undefined {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = auditRecordSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Beside the log, the last record's seq and hash (`<log>.head`, replaced atomically after each
 * append): lines cut from the end of the log leave a valid shorter chain, and only this shows
 * it locally (the syslog copy at the SOC shows it anyway). Someone who rewrites both files is
 * caught by the SOC's copy, not here.
 */
export interface AuditHead {
  seq: number;
  hash: string;
}

const auditHeadPath = (file: string) => `${file}.head`;

function writeAuditHead(file: string, head: AuditHead): void {
  const temporary = `${auditHeadPath(file)}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(head)}\n`, { mode: 0o600 });
  renameSync(temporary, auditHeadPath(file));
}

/** The head beside the log; undefined for a log written before heads existed, or without one. */
export function readAuditHead(file: string): AuditHead | undefined {
  try {
    const value = JSON.parse(readFileSync(auditHeadPath(file), "utf8")) as Partial<AuditHead>;
    return typeof value.seq === "number" && typeof value.hash === "string" ? { seq: value.seq, hash: value.hash } : undefined;
  } catch {
    return undefined;
  }
}
