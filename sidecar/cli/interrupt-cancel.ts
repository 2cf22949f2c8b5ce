import type { CliContext } from "./cli-io.js";

/** The shell's exit status for a command ended by SIGINT (128 + 2). */
export const INTERRUPTED_EXIT_CODE = 130;

/**
 * Ctrl-C during a batch cancels it instead of killing the process: the key is told (a remote
 * service stops waiting for the phone, its authorisation is dropped), the document in hand
 * fails with CANCELLED and leaves no temporary file, and the rest are not started. A second
 * Ctrl-C quits at once, for a module that does not answer.
 */
export function cancelOnInterrupt(context: CliContext): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const forceQuit = () => process.exit(INTERRUPTED_EXIT_CODE);
  const onInterrupt = () => {
    context.stderr(context.language === "vi" ? "kyso: đang huỷ… (nhấn Ctrl-C lần nữa để thoát ngay)\n" : "kyso: cancelling… (press Ctrl-C again to quit now)\n");
    controller.abort();
    process.once("SIGINT", forceQuit);
  };
  process.once("SIGINT", onInterrupt);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off("SIGINT", onInterrupt);
      process.off("SIGINT", forceQuit);
    },
  };
}
