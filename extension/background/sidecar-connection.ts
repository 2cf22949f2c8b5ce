import browser from "webextension-polyfill";
import { chunkMessageSchema, errorMessageSchema, eventMessageSchema, resultMessageSchema } from "../../shared/protocol/envelope.js";
import type { HelloResult } from "../../shared/protocol/handshake.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import { METHODS, type MethodName, type MethodParams, type MethodResult } from "../../shared/protocol/methods.js";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.js";
import { NATIVE_HOST_NAME } from "../../shared/extension-identity.js";
import { ChunkAssembler } from "./chunk-assembler.js";

/** What the popup and the page's version() see. */
export type SidecarState =
  | { state: "connected"; hello: HelloResult }
  | { state: "outdated"; sidecarVersion?: string; protocolVersion?: number }
  | { state: "unavailable"; reason: string };

/** A sidecar error with what the host said besides the code (PIN tries left). */
export class SidecarError extends KysoError {
  constructor(
    code: KysoError["code"],
    detail: string | undefined,
    readonly retriesLeft?: number,
  ) {
    super(code, detail);
  }
}

export interface RequestOptions {
  /** Progress and other events of this request (already parsed out of the envelope). */
  onEvent?: (event: unknown) => void;
  /** Aborting sends `cancel` for the request; it then ends with CANCELLED. */
  signal?: AbortSignal;
}

interface Pending {
  method: MethodName;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  onEvent?: (event: unknown) => void;
}

const HELLO_TIMEOUT_MS = 5_000;
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 30_000;
/** status() tries again at once, but not more often than this (a page may call version() in a loop). */
const STATUS_RETRY_MIN_MS = 1_000;

/**
 * The one long-lived native port (ARCHITECTURE.md "Background ↔ sidecar"): opened on first
 * use, `hello` first, then requests by id with their events; answers over the browser's 1 MiB
 * cap arrive in chunks and are joined here. A port that closes fails what was in flight with
 * SIDECAR_UNAVAILABLE and is reopened on the next request, no sooner than the back-off allows
 * (a missing host must not be respawned in a tight loop). A sidecar speaking another protocol
 * version is "outdated" until the extension restarts or the sidecar is updated.
 */
export class SidecarConnection {
  private port: browser.Runtime.Port | undefined;
  private ready: Promise<HelloResult> | undefined;
  private readonly pending = new Map<string, Pending>();
  private readonly chunks = new ChunkAssembler();
  private nextId = 1;
  private retryDelayMs = 0;
  private lastFailureAt = 0;
  private lastState: SidecarState = { state: "unavailable", reason: "not connected yet" };
  /** Ends the back-off wait of the attempt in progress early (status() asks for a try now). */
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly connect: (name: string) => browser.Runtime.Port = (name) => browser.runtime.connectNative(name),
    /** IT's policy as the browser gave it, sent in hello so the sidecar applies it too (Windows and macOS have no policy file it could read). */
    private readonly managedPolicy: () => Record<string, unknown> | undefined = () => undefined,
  ) {}

  /** After a policy change: a new hello carries it to a connected sidecar (a later connection sends it anyway). */
  async sendPolicy(): Promise<void> {
    if (this.lastState.state !== "connected") return;
    await this.send("hello", this.helloParams(), {}).catch(() => undefined);
  }

  private helloParams(): Record<string, unknown> {
    const managedPolicy = this.managedPolicy();
    return { protocolVersion: PROTOCOL_VERSION, extensionVersion: browser.runtime.getManifest().version, ...(managedPolicy ? { managedPolicy } : {}) };
  }

  /**
   * How the sidecar is, without waiting out the reconnect back-off (up to 30 s, which left
   * the popup on "Checking…"): connected or outdated at once; otherwise one immediate try
   * (as long as a browser needs to start the host and hear hello), or the last known state
   * when a try failed less than a second ago.
   */
  async status(): Promise<SidecarState> {
    if (this.lastState.state !== "unavailable") return this.lastState;
    const attempt = this.connected().catch(() => undefined);
    if (this.wakeUp) {
      if (Date.now() - this.lastFailureAt < STATUS_RETRY_MIN_MS) return this.lastState;
      this.wakeUp();
    }
    await attempt;
    return this.lastState;
  }

  async request<M extends MethodName>(method: M, params: MethodParams<M>, options: RequestOptions = {}): Promise<MethodResult<M>> {
    options.signal?.throwIfAborted();
    await this.connected();
    return this.send(method, params, options);
  }

  private send<M extends MethodName>(method: M | "hello", params: unknown, options: RequestOptions): Promise<MethodResult<M>> {
    const port = this.port;
    if (!port) return Promise.reject(new KysoError("SIDECAR_UNAVAILABLE", "the native port is closed"));
    const id = `r${this.nextId++}`;
    return new Promise<MethodResult<M>>((resolve, reject) => {
      const onAbort = () => {
        try {
          port.postMessage({ v: PROTOCOL_VERSION, id: `${id}-cancel`, method: "cancel", params: { requestId: id } });
        } catch {
          // The port is gone; its disconnect fails the request.
        }
      };
      options.signal?.addEventListener("abort", onAbort, { once: true });
      const settle = () => options.signal?.removeEventListener("abort", onAbort);
      this.pending.set(id, {
        method,
        resolve: (result) => {
          settle();
          resolve(result as MethodResult<M>);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      });
      try {
        port.postMessage({ v: PROTOCOL_VERSION, id, method, params });
      } catch (error) {
        this.pending.delete(id);
        settle();
        reject(new KysoError("SIDECAR_UNAVAILABLE", String(error)));
      }
    });
  }

  private connected(): Promise<HelloResult> {
    if (this.lastState.state === "outdated") return Promise.reject(new KysoError("SIDECAR_OUTDATED", `sidecar ${this.lastState.sidecarVersion ?? "?"}`));
    this.ready ??= this.open();
    return this.ready;
  }

  private async open(): Promise<HelloResult> {
    const waitMs = this.lastFailureAt + this.retryDelayMs - Date.now();
    if (waitMs > 0) {
      await new Promise<void>((done) => {
        const timer = setTimeout(done, waitMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          done();
        };
      });
      this.wakeUp = undefined;
    }
    let port: browser.Runtime.Port;
    try {
      port = this.connect(NATIVE_HOST_NAME);
    } catch (error) {
      throw this.failed(String(error));
    }
    this.port = port;
    port.onMessage.addListener((message: unknown) => this.receive(message));
    port.onDisconnect.addListener((closed) => this.closed(closed.error?.message ?? browser.runtime.lastError?.message ?? "the sidecar closed the port"));
    let hello: HelloResult;
    try {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new KysoError("SIDECAR_UNAVAILABLE", "no hello answer")), HELLO_TIMEOUT_MS));
      hello = await Promise.race([this.send("hello", this.helloParams(), {}), timeout]);
    } catch (error) {
      if (error instanceof KysoError && error.code === "PROTOCOL_VERSION_MISMATCH") return this.outdated();
      this.dropPort();
      throw this.failed(error instanceof Error ? error.message : String(error));
    }
    if (hello.protocolVersion !== PROTOCOL_VERSION) return this.outdated(hello);
    this.retryDelayMs = 0;
    this.lastState = { state: "connected", hello };
    return hello;
  }

  private outdated(hello?: HelloResult): never {
    this.lastState = { state: "outdated", ...(hello ? { sidecarVersion: hello.sidecarVersion, protocolVersion: hello.protocolVersion } : {}) };
    this.dropPort();
    throw new KysoError("SIDECAR_OUTDATED", `sidecar protocol ${hello?.protocolVersion ?? "?"}, extension ${PROTOCOL_VERSION}`);
  }

  private failed(reason: string): KysoError {
    this.ready = undefined;
    this.lastFailureAt = Date.now();
    this.retryDelayMs = Math.min(MAX_RETRY_MS, Math.max(FIRST_RETRY_MS, this.retryDelayMs * 2));
    this.lastState = { state: "unavailable", reason };
    return new KysoError("SIDECAR_UNAVAILABLE", reason);
  }

  private dropPort(): void {
    const port = this.port;
    this.port = undefined;
    try {
      port?.disconnect();
    } catch {
      // Already closed.
    }
  }

  private closed(reason: string): void {
    this.port = undefined;
    this.chunks.clear();
    if (this.lastState.state !== "outdated") this.failed(reason);
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const request of pending) request.reject(new KysoError("SIDECAR_UNAVAILABLE", reason));
  }

  private receive(message: unknown): void {
    const chunk = chunkMessageSchema.safeParse(message);
    if (chunk.success) {
      const whole = this.chunks.add(chunk.data);
      if (whole !== undefined) this.receive(whole);
      return;
    }
    const event = eventMessageSchema.safeParse(message);
    if (event.success && (message as { event?: unknown }).event !== undefined) {
      this.pending.get(event.data.id)?.onEvent?.(event.data.event);
      return;
    }
    const result = resultMessageSchema.safeParse(message);
    if (result.success && Object.hasOwn(message as object, "result")) {
      const request = this.pending.get(result.data.id);
      if (!request) return;
      this.pending.delete(result.data.id);
      const parsed = METHODS[request.method].result.safeParse(result.data.result);
      if (parsed.success) request.resolve(parsed.data);
      else request.reject(new KysoError("INTERNAL_ERROR", `the sidecar's ${request.method} answer does not match the protocol`));
      return;
    }
    const failure = errorMessageSchema.safeParse(message);
    if (failure.success && failure.data.id !== null) {
      const request = this.pending.get(failure.data.id);
      if (!request) return;
      this.pending.delete(failure.data.id);
      const { code, detail, retriesLeft } = failure.data.error;
      request.reject(new SidecarError(code, detail, retriesLeft));
    }
  }
}
