/**
 * Everything the demo starts (servers, mail daemons, Chromium) registers how to stop it here.
 * Normal exit, an error, Ctrl-C and SIGTERM all run the same closers, newest first, each once,
 * so no process outlives `npm start`.
 */
export interface CleanupStack {
  add(name: string, close: () => Promise<void>): void;
  /** Runs every closer (newest first); errors are printed, never thrown. */
  closeAll(): Promise<void>;
}

export function createCleanupStack(): CleanupStack {
  const closers: Array<{ name: string; close: () => Promise<void> }> = [];
  let closing: Promise<void> | undefined;
  return {
    add(name, close) {
      closers.push({ name, close });
    },
    closeAll() {
      closing ??= (async () => {
        for (const { name, close } of closers.reverse()) {
          await close().catch((error: unknown) => process.stderr.write(`kyso demo: dừng ${name} lỗi / stopping ${name} failed: ${String(error)}\n`));
        }
        closers.length = 0;
      })();
      return closing;
    },
  };
}

/** Ctrl-C / SIGTERM: stop everything, then exit with the conventional 128 + signal number. */
export function closeOnSignals(stack: CleanupStack, write: (text: string) => void = (text) => process.stderr.write(text)): void {
  const onSignal = (signal: NodeJS.Signals, code: number) => {
    write(`\nkyso demo: ${signal} — đang dừng mọi tiến trình đã khởi động / stopping every process it started…\n`);
    void stack.closeAll().then(() => process.exit(code));
  };
  process.once("SIGINT", () => onSignal("SIGINT", 130));
  process.once("SIGTERM", () => onSignal("SIGTERM", 143));
}
