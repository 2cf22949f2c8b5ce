/**
 * window.kyso (extension contract §1), injected into the page's own world on allowed portals
 * only. A thin, dependency-free wrapper over the namespaced postMessage channel: everything it
 * sends is checked again by the content script and the background, which trust nothing here.
 */
type Method = "version" | "sign" | "verify" | "mail";
type Progress = { done: number; total: number; stage: string };
type Waiting = { resolve: (value: unknown) => void; reject: (error: Error) => void; acked: boolean; onProgress?: (progress: Progress) => void };

const ACK_TIMEOUT_MS = 1_000;
const waiting = new Map<string, Waiting>();

function kysoError(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: "KysoError", code });
}

window.addEventListener("message", (event: MessageEvent) => {
  if (event.source !== window || event.origin !== window.location.origin) return;
  const frame = event.data as { kyso?: unknown; type?: unknown; id?: unknown; ok?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown } } | null;
  if (frame?.kyso !== 1 || typeof frame.id !== "string") return;
  const request = waiting.get(frame.id);
  if (!request) return;
  switch (frame.type) {
    case "kyso.ack":
      request.acked = true;
      return;
    case "kyso.progress":
      request.onProgress?.(frame as unknown as Progress);
      return;
    case "kyso.response":
      waiting.delete(frame.id);
      if (frame.ok === true) request.resolve(frame.result);
      else request.reject(kysoError(typeof frame.error?.code === "string" ? frame.error.code : "INTERNAL_ERROR", typeof frame.error?.message === "string" ? frame.error.message : ""));
      return;
  }
});

function call(method: Method, params: unknown, onProgress?: (progress: Progress) => void): Promise<unknown> {
  const id = crypto.randomUUID();
  return new Promise((resolve, reject) => {
    const request: Waiting = { resolve, reject, acked: false, ...(onProgress ? { onProgress } : {}) };
    waiting.set(id, request);
    // The content script acknowledges at once; no ack means the extension is not listening here.
    setTimeout(() => {
      if (request.acked || !waiting.has(id)) return;
      waiting.delete(id);
      reject(kysoError("INTERNAL_ERROR", "the kyso extension did not answer"));
    }, ACK_TIMEOUT_MS);
    window.postMessage({ kyso: 1, type: "kyso.request", id, method, params }, window.location.origin);
  });
}

const api = Object.freeze({
  version: () => call("version", undefined),
  sign: (request: unknown, options?: { onProgress?: (progress: Progress) => void }) => call("sign", request, options?.onProgress),
  verify: (request: unknown) => call("verify", request),
  mail: (request: unknown, options?: { onProgress?: (progress: Progress) => void }) => call("mail", request, options?.onProgress),
});

if (!("kyso" in window)) Object.defineProperty(window, "kyso", { value: api, writable: false, configurable: false, enumerable: false });
