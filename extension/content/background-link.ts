import browser from "webextension-polyfill";
import { PAGE_PORT_NAME, portToContentSchema, type PortToBackground, type PortToContent } from "../../shared/protocol/page-api.js";

/**
 * The content script's runtime port to the background, opened on first use and reopened after
 * the service worker restarted. Requests in flight when the port drops are answered here with
 * INTERNAL_ERROR, so the page never waits for an answer that cannot come.
 */
export class BackgroundLink {
  private port: browser.Runtime.Port | undefined;
  private readonly listeners: Array<(message: PortToContent) => void> = [];
  private readonly pendingIds = new Set<string>();

  onMessage(listener: (message: PortToContent) => void): void {
    this.listeners.push(listener);
  }

  send(message: PortToBackground): void {
    if (message.type === "request") this.pendingIds.add(message.id);
    this.connected().postMessage(message);
  }

  /** A request id of our own (the content script's buttons), unique within this frame. */
  static ownId(): string {
    return `kyso-content-${crypto.randomUUID()}`;
  }

  private connected(): browser.Runtime.Port {
    if (this.port) return this.port;
    const port = browser.runtime.connect({ name: PAGE_PORT_NAME });
    port.onMessage.addListener((message: unknown) => {
      const parsed = portToContentSchema.safeParse(message);
      if (!parsed.success) return;
      if (parsed.data.type === "response") this.pendingIds.delete(parsed.data.id);
      for (const listener of this.listeners) listener(parsed.data);
    });
    port.onDisconnect.addListener(() => {
      this.port = undefined;
      // The worker went away mid-request (extension reloaded): say so instead of leaving the page waiting.
      const lost = [...this.pendingIds];
      this.pendingIds.clear();
      for (const id of lost) for (const listener of this.listeners) listener({ type: "response", id, ok: false, error: { code: "INTERNAL_ERROR", message: "the kyso extension restarted" } });
    });
    this.port = port;
    return port;
  }
}
