import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Kernel state letter; "Z" (zombie) counts as gone. */
  state: string;
  comm: string;
}

/**
 * Runs a command that daemonizes (dovecot, `postfix start`) and waits for the
 * foreground process to EXIT, not to close its stdio.  Output goes to a file:
 * with pipes, the forked daemon inherits them and `close` never fires (the
 * caller hangs), and `postfix start` prints nothing useful when stderr is not
 * a terminal anyway (the real diagnostics are in its maillog file).
 */
export async function runToFile(
  command: string,
  args: readonly string[],
  outputFile: string,
): Promise<{ code: number | null; output: string }> {
  const fd = openSync(outputFile, "a");
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(command, args, { stdio: ["ignore", fd, fd] });
      child.once("error", reject);
      child.once("exit", (exitCode) => resolve(exitCode));
    });
    return { code, output: await readTail(outputFile) };
  } finally {
    closeSync(fd);
  }
}

/**
 * Runs a daemon's start command, then waits until it is ready. Both failures carry the tail
 * of the daemon's own log: its start command says little when stderr is not a terminal.
 */
export async function startDaemon(options: {
  name: string;
  command: string;
  args: readonly string[];
  startOutputFile: string;
  logFile: string;
  waitUntilReady: () => Promise<void>;
}): Promise<void> {
  const { code, output } = await runToFile(options.command, options.args, options.startOutputFile);
  if (code !== 0) {
    throw new Error(`${options.name} exited with ${code}\n${output}\n${await readTail(options.logFile)}`);
  }
  try {
    await options.waitUntilReady();
  } catch (error) {
    throw new Error(`${String(error)}\n${await readTail(options.logFile)}`, { cause: error });
  }
}

/** Last lines of a log file, for error messages; "" when it does not exist. */
export async function readTail(file: string, lines = 30): Promise<string> {
  try {
    return (await readFile(file, "utf8")).split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

/** PID from a daemon's pid file (Postfix pads it with spaces), or undefined. */
export async function readPidFile(file: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(file, "utf8")).trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export async function processInfo(pid: number): Promise<ProcessInfo | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // comm is in parentheses and may itself contain ") ": split at the LAST one.
    const close = stat.lastIndexOf(")");
    const [state = "", ppid = "0"] = stat.slice(close + 2).split(" ");
    return { pid, ppid: Number(ppid), state, comm: stat.slice(stat.indexOf("(") + 1, close) };
  } catch {
    return undefined;
  }
}

export async function isAlive(pid: number): Promise<boolean> {
  const info = await processInfo(pid);
  return info !== undefined && info.state !== "Z";
}

export async function listProcesses(): Promise<ProcessInfo[]> {
  const entries = await readdir("/proc");
  const infos = await Promise.all(
    entries.filter((name) => /^\d+$/.test(name)).map((name) => processInfo(Number(name))),
  );
  return infos.filter((info): info is ProcessInfo => info !== undefined && info.state !== "Z");
}

/** The process and all its live descendants, root first. */
export async function processTree(root: number): Promise<number[]> {
  const all = await listProcesses();
  const tree = [root];
  for (let i = 0; i < tree.length; i += 1) {
    for (const info of all) if (info.ppid === tree[i]) tree.push(info.pid);
  }
  return tree;
}

/**
 * After the master of `tree` (its first pid) has been told to stop, waits for
 * it to exit, then for its former children.  "Stopped" must be observed, not
 * assumed: `postfix stop` returns before the master exits, and a Dovecot
 * master exits (~1 s) while leaving its auth process (plus anvil, log, stats)
 * running as orphans for as long as a Postfix smtpd holds a SASL connection,
 * so a "stopped" Dovecot would still answer AUTH.  Leftovers get SIGTERM and,
 * after a short grace period, SIGKILL.
 */
export async function awaitShutdown(tree: readonly number[], masterTimeoutMs: number): Promise<void> {
  const [master, ...children] = tree;
  if (master !== undefined) await waitUntilGone([master], masterTimeoutMs);
  const leftovers = await filterAlive(children);
  for (const pid of leftovers) killQuietly(pid, "SIGTERM");
  await waitUntilGone(leftovers, 1_000);
}

/** Waits until every pid is gone; SIGKILLs the survivors after `timeoutMs`. */
export async function waitUntilGone(pids: readonly number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let alive = await filterAlive(pids);
  while (alive.length > 0 && Date.now() < deadline) {
    await sleep(50);
    alive = await filterAlive(alive);
  }
  if (alive.length === 0) return;
  for (const pid of alive) killQuietly(pid, "SIGKILL");
  await sleep(100);
  const survivors = await filterAlive(alive);
  if (survivors.length > 0) throw new Error(`processes ${survivors.join(", ")} survived SIGKILL`);
}

async function filterAlive(pids: readonly number[]): Promise<number[]> {
  const flags = await Promise.all(pids.map((pid) => isAlive(pid)));
  return pids.filter((_, i) => flags[i]);
}

export function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone: exactly what the caller wants.
  }
}

/** Polls until something accepts TCP connections on 127.0.0.1:port. */
export async function waitForTcp(port: number, timeoutMs: number): Promise<void> {
  await waitFor(() => canConnect(port), timeoutMs, `127.0.0.1:${port} to accept connections`);
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}
