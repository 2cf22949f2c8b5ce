/**
 * A WebSocket-like object answered inside the page: what `new WebSocket("wss://127.0.0.1:8987/…")`
 * returns on a portal where kyso replaces the legacy signing service. The plugin script's
 * pattern is: onopen → send(JSON string) → onmessage (one JSON string) → close(). Nothing
 * leaves the page, so there is no localhost server and no local-network-access prompt.
 */
export type LegacyAnswer = (method: string, message: string) => Promise<string>;
/** A legacy endpoint URL (absolute) and the method its path names. */
export interface LegacyRoute {
  url: string;
  method: string;
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;
/** RFC 6455 §7.4.1: 1005 = closed without a status code (close() with no arguments). */
const NO_STATUS_RECEIVED = 1005;

type Handler = ((this: LegacySocket, event: Event) => unknown) | null;

function closeEvent(init: { code: number; reason: string; wasClean: boolean }): Event {
  const Close = (globalThis as { CloseEvent?: new (type: string, init: object) => Event }).CloseEvent;
  return Close ? new Close("close", init) : Object.assign(new Event("close"), init);
}

async function messageText(data: unknown): Promise<string> {
  if (typeof data === "string") return data;
  if (data instanceof Blob) return data.text();
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return new TextDecoder().decode(data);
  return String(data);
}

export class LegacySocket extends EventTarget {
  static readonly CONNECTING = CONNECTING;
  static readonly OPEN = OPEN;
  static readonly CLOSING = CLOSING;
  static readonly CLOSED = CLOSED;
  readonly CONNECTING = CONNECTING;
  readonly OPEN = OPEN;
  readonly CLOSING = CLOSING;
  readonly CLOSED = CLOSED;

  readonly protocol = "";
  readonly extensions = "";
  readonly bufferedAmount = 0;
  binaryType: "blob" | "arraybuffer" = "blob";
  onopen: Handler = null;
  onmessage: Handler = null;
  onerror: Handler = null;
  onclose: Handler = null;
  #readyState = CONNECTING;

  constructor(
    readonly url: string,
    private readonly method: string,
    private readonly answer: LegacyAnswer,
  ) {
    super();
    // Handler attributes as listeners: they run during dispatch (event.target set, errors
    // reported by the event loop like any listener's), before listeners the page adds later.
    this.addEventListener("open", (event) => this.onopen?.call(this, event));
    this.addEventListener("message", (event) => this.onmessage?.call(this, event));
    this.addEventListener("error", (event) => this.onerror?.call(this, event));
    this.addEventListener("close", (event) => this.onclose?.call(this, event));
    // Like a real socket, it opens after the constructor returns, so handlers set right after `new` see it.
    setTimeout(() => {
      if (this.#readyState !== CONNECTING) return;
      this.#readyState = OPEN;
      this.dispatchEvent(new Event("open"));
    }, 0);
  }

  get readyState(): number {
    return this.#readyState;
  }

  send(data: unknown): void {
    if (this.#readyState === CONNECTING) throw new DOMException("Still in CONNECTING state.", "InvalidStateError");
    if (this.#readyState !== OPEN) return;
    void messageText(data)
      .then((text) => this.answer(this.method, text))
      .then((reply) => {
        if (this.#readyState !== OPEN) return;
        this.dispatchEvent(new MessageEvent("message", { data: reply, origin: new URL(this.url).origin }));
      });
  }

  close(code?: number, reason?: string): void {
    if (this.#readyState === CLOSING || this.#readyState === CLOSED) return;
    this.#readyState = CLOSING;
    setTimeout(() => {
      this.#readyState = CLOSED;
      this.dispatchEvent(closeEvent({ code: code ?? NO_STATUS_RECEIVED, reason: reason ?? "", wasClean: true }));
    }, 0);
  }
}

/**
 * Replaces `target.WebSocket` with a constructor that hands legacy endpoints to LegacySocket
 * and every other URL to the real WebSocket, unchanged (a Proxy keeps its prototype, static
 * constants, `instanceof` and `toString` for real sockets).
 */
export function installWebSocketShim(target: { WebSocket: typeof WebSocket }, route: (url: unknown) => LegacyRoute | undefined, answer: LegacyAnswer): void {
  const RealWebSocket = target.WebSocket;
  const shim: typeof WebSocket = new Proxy(RealWebSocket, {
    construct(real, args: unknown[], newTarget: new (...args: unknown[]) => object) {
      const legacy = route(args[0]);
      if (!legacy) return Reflect.construct(real, args, newTarget === shim ? real : newTarget) as WebSocket;
      return new LegacySocket(legacy.url, legacy.method, answer);
    },
  });
  target.WebSocket = shim;
}
