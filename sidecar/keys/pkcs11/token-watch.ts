import type { KysoError } from "../../../shared/protocol/kyso-error.js";
import { slotListFixedAtInitialize } from "./module-paths.js";
import { TokenWorker } from "./token-worker-client.js";
import type { PresentToken } from "./token-worker-protocol.js";

export interface TokenEvent {
  kind: "inserted" | "removed";
  token: PresentToken;
}

export interface WatchTokensOptions {
  modulePath: string;
  /** How often C_GetSlotList(tokenPresent) is asked; 1 s by default. */
  intervalMs?: number;
  onEvent: (event: TokenEvent) => void;
  onError?: (error: KysoError) => void;
  /**
   * Re-initialise the module before each poll while no key session is open, for modules
   * whose slot list is fixed at C_Initialize. Defaults to what module-paths.ts says.
   */
  rescan?: boolean;
}

export interface TokenWatch {
  /** The tokens present at the last poll. */
  current(): PresentToken[];
  stop(): Promise<void>;
}

const DEFAULT_INTERVAL_MS = 1000;

function identity(token: PresentToken): string {
  return `${token.slotId}\u0000${token.serial}\u0000${token.label}`;
}

/**
 * Notices tokens inserted into and removed from a module's slots by polling. Polling, not
 * C_WaitForSlotEvent: a blocking wait would hold the module's only worker thread (and with
 * it every signature), and SoftHSM2 and several vendor modules return
 * CKR_FUNCTION_NOT_SUPPORTED for it anyway (PKCS#11 v2.40 §5.5).
 */
export async function watchTokens(options: WatchTokensOptions): Promise<TokenWatch> {
  const worker = await TokenWorker.acquire(options.modulePath);
  const rescan = options.rescan ?? slotListFixedAtInitialize(options.modulePath);
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  let present = new Map<string, PresentToken>();
  try {
    for (const token of await worker.call({ op: "slots", rescan: false })) present.set(identity(token), token);
  } catch (error) {
    await worker.release();
    throw error;
  }

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> = Promise.resolve();
  const poll = async () => {
    try {
      const now = new Map((await worker.call({ op: "slots", rescan })).map((token) => [identity(token), token] as const));
      if (stopped) return;
      for (const [key, token] of present) if (!now.has(key)) options.onEvent({ kind: "removed", token });
      for (const [key, token] of now) if (!present.has(key)) options.onEvent({ kind: "inserted", token });
      present = now;
    } catch (error) {
      options.onError?.(error as KysoError);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      polling = poll().then(schedule);
    }, intervalMs);
  };
  schedule();

  return {
    current: () => [...present.values()],
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await polling;
      await worker.release();
    },
  };
}
