import type { ErrorCode } from "../../shared/protocol/error-codes.js";
import { requestEnvelopeSchema, type HostMessage, type WireError } from "../../shared/protocol/envelope.js";
import { helloParamsSchema, type HelloParams, type HelloResult } from "../../shared/protocol/handshake.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import { isMethodName, METHODS, type MethodName } from "../../shared/protocol/methods.js";
import { cancelParamsSchema } from "../../shared/protocol/methods/cancel.js";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.js";
import type { HandlerLoaders, MethodContext } from "./method-context.js";
import type { Frame } from "./native-framing.js";
import type { HostServices } from "./host-services.js";

type AnyHandler = (params: unknown, context: MethodContext) => Promise<unknown>;

export interface HostSessionOptions {
  send: (message: HostMessage) => void;
  services: HostServices;
  handlers: HandlerLoaders;
  /** Answers hello; `params` may carry the browser's managed policy for the sidecar to apply. */
  hello: (params: HelloParams) => HelloResult;
}

function wireError(error: unknown): WireError {
  if (error instanceof KysoError) {
    const retries = (error as { pinRetries?: { retriesLeft?: number } }).pinRetries?.retriesLeft;
    return { code: error.code, detail: error.message, ...(retries === undefined ? {} : { retriesLeft: retries }) };
  }
  return { code: "INTERNAL_ERROR", detail: error instanceof Error ? error.message : String(error) };
}

/** Where a schema refused the params: paths and issue codes only, never the values (a PIN). */
function issuesText(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; code: string }>): string {
  return issues.slice(0, 5).map((issue) => `${issue.path.map(String).join(".") || "(params)"}: ${issue.code}`).join("; ");
}

/**
 * One browser port: handshake first, then concurrent requests by id. Every message gets an
 * answer — an invalid one a typed error echoing its id when it has one — and no request can
 * stop the others: a handler that throws answers its own request with an error.
 */
export class HostSession {
  private handshakeDone = false;
  private readonly active = new Map<string, AbortController>();
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly options: HostSessionOptions) {}

  handleFrame(frame: Frame): void {
    if (frame.kind === "too-large") {
      this.options.services.log.warn("message.too-large", { bytes: frame.bytes });
      this.fail(null, { code: "MESSAGE_TOO_LARGE", detail: `${frame.bytes} bytes` });
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(frame.body.toString("utf8"));
    } catch {
      // The body is never logged: it may hold a PIN.
      this.options.services.log.warn("message.not-json", { bytes: frame.body.length });
      this.fail(null, { code: "BAD_REQUEST", detail: "the message is not JSON" });
      return;
    }
    const rawId = (raw as { id?: unknown } | null)?.id;
    const echoId = typeof rawId === "string" && rawId.length > 0 && rawId.length <= 64 ? rawId : null;
    const envelope = requestEnvelopeSchema.safeParse(raw);
    if (!envelope.success) return this.fail(echoId, { code: "BAD_REQUEST", detail: `envelope: ${issuesText(envelope.error.issues)}` });
    const { v, id, method, params } = envelope.data;
    if (v !== PROTOCOL_VERSION) return this.fail(id, { code: "PROTOCOL_VERSION_MISMATCH", detail: `the sidecar speaks protocol ${PROTOCOL_VERSION}, the message ${v}` });
    if (method === "hello") return this.hello(id, params);
    if (!this.handshakeDone) return this.fail(id, { code: "HANDSHAKE_REQUIRED", detail: `${method} before hello` });
    if (method === "cancel") return this.cancel(id, params);
    if (!isMethodName(method) || method === "hello" || method === "cancel") return this.fail(id, { code: "UNKNOWN_METHOD", detail: method.slice(0, 64) });
    if (this.active.has(id)) return this.fail(id, { code: "BAD_REQUEST", detail: `request id ${id} is already in progress` });
    const parsed = METHODS[method].params.safeParse(params ?? {});
    if (!parsed.success) return this.fail(id, { code: "BAD_REQUEST", detail: `${method} params: ${issuesText(parsed.error.issues)}` });
    this.start({ id, method, params: parsed.data });
  }

  /** The port closed: cancel everything and wait for the handlers to finish. */
  async close(): Promise<void> {
    for (const controller of this.active.values()) controller.abort(new KysoError("CANCELLED", "the browser closed the port"));
    await Promise.allSettled([...this.running]);
  }

  private hello(id: string, params: unknown): void {
    const parsed = helloParamsSchema.safeParse(params);
    if (!parsed.success) return this.fail(id, { code: "BAD_REQUEST", detail: `hello params: ${issuesText(parsed.error.issues)}` });
    if (parsed.data.protocolVersion !== PROTOCOL_VERSION) {
      return this.fail(id, { code: "PROTOCOL_VERSION_MISMATCH", detail: `the sidecar speaks protocol ${PROTOCOL_VERSION}, the extension ${parsed.data.protocolVersion}` });
    }
    this.handshakeDone = true;
    this.options.services.log.info("hello", { extensionVersion: parsed.data.extensionVersion });
    this.options.send({ v: PROTOCOL_VERSION, id, result: this.options.hello(parsed.data) });
  }

  private cancel(id: string, params: unknown): void {
    const parsed = cancelParamsSchema.safeParse(params);
    if (!parsed.success) return this.fail(id, { code: "BAD_REQUEST", detail: `cancel params: ${issuesText(parsed.error.issues)}` });
    const target = this.active.get(parsed.data.requestId);
    target?.abort(new KysoError("CANCELLED", `cancel ${id}`));
    this.options.send({ v: PROTOCOL_VERSION, id, result: { cancelled: target !== undefined } });
  }

  private start(request: { id: string; method: Exclude<MethodName, "hello" | "cancel">; params: unknown }): void {
    const { id, method } = request;
    const controller = new AbortController();
    this.active.set(id, controller);
    // An object, not a let: the closure below sets it while the handler runs.
    const hold = { open: false };
    const context: MethodContext = {
      requestId: id,
      signal: controller.signal,
      services: this.options.services,
      emit: (event) => {
        if (this.active.get(id) === controller) this.options.send({ v: PROTOCOL_VERSION, id, event });
      },
      holdOpen: () => {
        hold.open = true;
      },
    };
    const started = performance.now();
    const run = (async () => {
      try {
        const handler = (await this.options.handlers[method]()) as AnyHandler;
        // Cancelling answers at once, also when the operation below cannot be interrupted
        // (an HTTP fetch, a token call); its late outcome is dropped.
        const working = handler(request.params, context);
        working.catch(() => undefined);
        const cancelled = new Promise<never>((_resolve, reject) => {
          if (controller.signal.aborted) reject(controller.signal.reason as Error);
          controller.signal.addEventListener("abort", () => reject(controller.signal.reason as Error), { once: true });
        });
        cancelled.catch(() => undefined);
        const result = await Promise.race([working, cancelled]);
        this.options.send({ v: PROTOCOL_VERSION, id, result });
        this.options.services.log.info("request.done", { id, method, ms: Math.round(performance.now() - started) });
      } catch (error) {
        const wire = wireError(controller.signal.aborted && !(error instanceof KysoError) ? controller.signal.reason : error);
        this.options.services.log.warn("request.failed", { id, method, code: wire.code, detail: wire.detail });
        this.fail(id, wire);
        hold.open = false;
      }
      if (hold.open && !controller.signal.aborted) await new Promise((resolve) => controller.signal.addEventListener("abort", resolve, { once: true }));
      this.active.delete(id);
    })();
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  private fail(id: string | null, error: WireError & { code: ErrorCode }): void {
    this.options.send({ v: PROTOCOL_VERSION, id, error });
  }
}
