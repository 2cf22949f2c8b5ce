import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { redact } from "./redaction.js";

export interface HostLogOptions {
  dir: string;
  /** Rotate when the file passes this size; 1 MiB by default. */
  maxBytes?: number;
  /** Rotated files kept (host.log.1 … host.log.N); 3 by default. */
  keep?: number;
}

export type LogFields = Record<string, unknown>;

export interface HostLog {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  readonly file: string;
}

/**
 * The host's log: JSON lines in a file, never stdout (stdout is the protocol), every field
 * passed through redact() so that no PIN or password is ever written. Synchronous writes:
 * a handful per request, and nothing is lost when the browser kills the host. A small
 * rotation of our own rather than pino: pino's file transport runs in a worker thread,
 * which the cold-start budget (first hello ≤ 150 ms) cannot afford.
 */
export function openHostLog(options: HostLogOptions): HostLog {
  const file = join(options.dir, "host.log");
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const keep = options.keep ?? 3;
  let fd: number | undefined;
  let size = 0;
  const open = () => {
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    fd = openSync(file, "a", 0o600);
    size = statSync(file).size;
  };
  const rotate = () => {
    if (fd !== undefined) closeSync(fd);
    rmSync(`${file}.${keep}`, { force: true });
    for (let index = keep - 1; index >= 1; index -= 1) {
      try {
        renameSync(`${file}.${index}`, `${file}.${index + 1}`);
      } catch {
        // Not there yet.
      }
    }
    renameSync(file, `${file}.1`);
    open();
  };
  const write = (level: string, event: string, fields: LogFields = {}) => {
    try {
      if (fd === undefined) open();
      const line = `${JSON.stringify({ time: new Date().toISOString(), level, pid: process.pid, event, ...(redact(fields) as LogFields) })}\n`;
      size += writeSync(fd!, line);
      if (size > maxBytes) rotate();
    } catch {
      // A log that cannot be written must not take the host down.
    }
  };
  return {
    file,
    info: (event, fields) => write("info", event, fields),
    warn: (event, fields) => write("warn", event, fields),
    error: (event, fields) => write("error", event, fields),
  };
}
