import browser, { type Runtime } from "webextension-polyfill";
import type * as z from "zod/mini";

export interface WindowPort<Out> {
  /** Validated before it leaves, so a bug here shows in the window, not as a half-understood message. */
  send(message: Out): void;
}

export interface WindowPortEvents<In> {
  onMessage(message: In): void;
  /** A message that does not match the schema: never passed on; told here to a window that says the request is broken. */
  onInvalidMessage?(problem: string): void;
  onDisconnect(): void;
}

/**
 * The runtime port from an extension window (confirmation, compose) to the background, named
 * for the one request it serves, with every message checked against the protocol's schemas
 * both ways.
 */
export function connectWindowPort<In, Out>(name: string, schemas: { incoming: z.ZodMiniType<In>; outgoing: z.ZodMiniType<Out> }, events: WindowPortEvents<In>): WindowPort<Out> {
  const port: Runtime.Port = browser.runtime.connect({ name });
  let connected = true;
  port.onMessage.addListener((raw: unknown) => {
    const parsed = schemas.incoming.safeParse(raw);
    if (parsed.success) events.onMessage(parsed.data);
    else events.onInvalidMessage?.(parsed.error.message);
  });
  port.onDisconnect.addListener(() => {
    connected = false;
    events.onDisconnect();
  });
  return {
    send(message) {
      // After a disconnect postMessage throws; there is no one left to tell.
      if (connected) port.postMessage(schemas.outgoing.parse(message));
    },
  };
}
