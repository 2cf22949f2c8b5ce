import browser, { type Runtime } from "webextension-polyfill";
import {
  confirmPortName,
  fromConfirmWindowSchema,
  toConfirmWindowSchema,
  type FromConfirmWindow,
  type ToConfirmWindow,
} from "../../../shared/protocol/confirmation.js";

export interface ConfirmConnection {
  /** Validated before it leaves, so a bug here shows in the window, not as a half-understood message. */
  send(message: FromConfirmWindow): void;
  readonly connected: boolean;
}

export interface ConfirmConnectionEvents {
  onMessage(message: ToConfirmWindow): void;
  /** A message that does not match the schema: ignored, but the window says the request is broken if nothing valid came. */
  onInvalidMessage(problem: string): void;
  onDisconnect(): void;
}

/** The runtime port to the background for confirmation `confirmationId` (contract §2). */
export function connectToBackground(confirmationId: string, events: ConfirmConnectionEvents): ConfirmConnection {
  const port: Runtime.Port = browser.runtime.connect({ name: confirmPortName(confirmationId) });
  let connected = true;
  port.onMessage.addListener((raw: unknown) => {
    const parsed = toConfirmWindowSchema.safeParse(raw);
    if (parsed.success) events.onMessage(parsed.data);
    else events.onInvalidMessage(parsed.error.message);
  });
  port.onDisconnect.addListener(() => {
    connected = false;
    events.onDisconnect();
  });
  return {
    send(message) {
      if (!connected) return;
      port.postMessage(fromConfirmWindowSchema.parse(message));
    },
    get connected() {
      return connected;
    },
  };
}
