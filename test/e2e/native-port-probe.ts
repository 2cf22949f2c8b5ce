import type { Worker } from "playwright-core";
import { NATIVE_HOST_NAME } from "../../shared/extension-identity.js";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.js";

export interface PortExchange {
  requests: Array<{ method: string; params: unknown }>;
}

export interface PortResult {
  /** The final answer to each request (chunks joined), in request order. */
  answers: unknown[];
  /** Post-to-answer time of each request, measured inside the service worker. */
  timesMs: number[];
  /** How many native messages each answer arrived in. */
  chunkCounts: number[];
}

/**
 * Opens one connectNative port in the extension's service worker, says hello, then sends
 * the requests one after another, as the background's long-lived port will.
 */
export async function askHostThroughPort(worker: Worker, exchange: PortExchange): Promise<PortResult> {
  return worker.evaluate(
    async ({ hostName, version, requests }) => {
      type Message = { id: string | null; chunk?: { index: number; count: number; text: string } };
      type Port = { onMessage: { addListener(f: (m: Message) => void): void }; onDisconnect: { addListener(f: () => void): void }; postMessage(m: unknown): void; disconnect(): void };
      const chrome = (globalThis as unknown as { chrome: { runtime: { connectNative(name: string): Port; lastError?: { message: string } } } }).chrome;
      const port = chrome.runtime.connectNative(hostName);
      const waiting = new Map<string, (m: unknown) => void>();
      const chunks = new Map<string, string[]>();
      const chunkCounts = new Map<string, number>();
      let closed: string | undefined;
      port.onDisconnect.addListener(() => {
        closed = chrome.runtime.lastError?.message ?? "disconnected";
        for (const resolve of waiting.values()) resolve({ disconnected: closed });
      });
      port.onMessage.addListener((message) => {
        const id = message.id ?? "";
        chunkCounts.set(id, (chunkCounts.get(id) ?? 0) + 1);
        let whole: unknown = message;
        if (message.chunk) {
          const parts = chunks.get(id) ?? [];
          parts[message.chunk.index] = message.chunk.text;
          chunks.set(id, parts);
          if (Object.keys(parts).length < message.chunk.count) return;
          whole = JSON.parse(parts.join(""));
        }
        if ((whole as { event?: unknown }).event !== undefined) return;
        waiting.get(id)?.(whole);
      });
      const send = (id: string, method: string, params: unknown) =>
        new Promise<unknown>((resolve) => {
          waiting.set(id, resolve);
          port.postMessage({ v: version, id, method, params });
        });
      await send("hello", "hello", { protocolVersion: version, extensionVersion: "e2e" });
      const answers: unknown[] = [];
      const timesMs: number[] = [];
      const counts: number[] = [];
      for (const [index, request] of requests.entries()) {
        const id = `r${index}`;
        const started = performance.now();
        answers.push(await send(id, request.method, request.params));
        timesMs.push(performance.now() - started);
        counts.push(chunkCounts.get(id) ?? 0);
      }
      port.disconnect();
      if (closed) throw new Error(`the native port closed: ${closed}`);
      return { answers, timesMs, chunkCounts: counts };
    },
    { hostName: NATIVE_HOST_NAME, version: PROTOCOL_VERSION, requests: exchange.requests },
  );
}
