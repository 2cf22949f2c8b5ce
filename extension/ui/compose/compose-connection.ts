import browser, { type Runtime } from "webextension-polyfill";
import { composePortName, fromComposeWindowSchema, toComposeWindowSchema, type FromComposeWindow, type ToComposeWindow } from "../../../shared/protocol/compose.js";

export interface ComposeConnection {
  send(message: FromComposeWindow): void;
  readonly connected: boolean;
}

/** The runtime port to the background for compose window `composeId`; messages checked both ways. */
export function connectCompose(composeId: string, events: { onMessage(message: ToComposeWindow): void; onDisconnect(): void }): ComposeConnection {
  const port: Runtime.Port = browser.runtime.connect({ name: composePortName(composeId) });
  let connected = true;
  port.onMessage.addListener((raw: unknown) => {
    const parsed = toComposeWindowSchema.safeParse(raw);
    if (parsed.success) events.onMessage(parsed.data);
  });
  port.onDisconnect.addListener(() => {
    connected = false;
    events.onDisconnect();
  });
  return {
    send(message) {
      if (connected) port.postMessage(fromComposeWindowSchema.parse(message));
    },
    get connected() {
      return connected;
    },
  };
}
