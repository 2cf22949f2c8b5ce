import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { PinIncorrectError } from "./pkcs11-errors.js";
import type { SerializedError, TokenReply, TokenRequest, TokenResults } from "./token-worker-protocol.js";

/** A call the token has not answered in this long is given up with TIMEOUT. */
export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

export interface CallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: KysoError) => void;
}

/**
 * The worker's entry beside this module: `pkcs11-token-worker.mjs` in the bundle, where
 * scripts/build.ts emits it next to the code-split chunks; `token-worker.ts` from source
 * (tsx, vitest).
 */
/** tsx's ESM API as its package exports it for `import` (require.resolve would give the CommonJS one). */
function tsxEsmApiPath(require: NodeJS.Require): string {
  const manifestPath = require.resolve("tsx/package.json");
  const manifest = require(manifestPath) as { exports: Record<string, { import: { default: string } }> };
  return join(dirname(manifestPath), manifest.exports["./esm/api"]!.import.default);
}

function createWorker(): Worker {
  const here = import.meta.url;
  // stdout: true keeps anything the worker prints off the sidecar's stdout, which is the
  // native-messaging channel (ARCHITECTURE.md); the constructor below sends it to stderr.
  if (!here.endsWith(".ts")) return new Worker(new URL("./pkcs11-token-worker.mjs", here), { stdout: true });
  // From source, the worker registers tsx's loader itself (execArgv --import is not honoured
  // by worker threads under vitest), then imports the TypeScript entry.
  const tsxApi = pathToFileURL(tsxEsmApiPath(createRequire(here))).href;
  const entry = new URL("./token-worker.ts", here).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, stdout: true });
}

function deserialize(error: SerializedError): KysoError {
  if (error.code === "PIN_INCORRECT" && error.pinRetries) return new PinIncorrectError(error.pinRetries);
  return new KysoError(error.code, error.detail);
}

/**
 * The event-loop side of one module's worker thread: typed calls with a time-out each.
 * A call that times out (or is cancelled) is answered at once; the worker thread may stay
 * blocked inside the module, so the worker is abandoned and the next user starts a new one.
 */
export class TokenWorker {
  private static readonly byModule = new Map<string, TokenWorker>();
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private users = 0;
  private broken: KysoError | undefined;

  private constructor(readonly modulePath: string) {
    this.worker = createWorker();
    this.worker.stdout.pipe(process.stderr);
    this.worker.unref();
    this.worker.on("message", (reply: TokenReply) => this.settle(reply));
    this.worker.on("error", (error) => this.fail(new KysoError("INTERNAL_ERROR", `PKCS#11 worker: ${error.message}`, { cause: error })));
    this.worker.on("exit", () => this.fail(new KysoError("INTERNAL_ERROR", "the PKCS#11 worker stopped")));
  }

  /** The module's worker, shared by every user of the module in this process. */
  static async acquire(modulePath: string, options: CallOptions = {}): Promise<TokenWorker> {
    let worker = TokenWorker.byModule.get(modulePath);
    if (!worker || worker.broken) {
      worker = new TokenWorker(modulePath);
      TokenWorker.byModule.set(modulePath, worker);
    }
    worker.users += 1;
    try {
      // Starting the thread and C_Initialize get the default time, whatever a signature gets.
      await worker.call({ op: "open", modulePath }, { ...options, timeoutMs: Math.max(options.timeoutMs ?? 0, DEFAULT_CALL_TIMEOUT_MS) });
    } catch (error) {
      await worker.release();
      throw error;
    }
    return worker;
  }

  /** Stops the worker when its last user is done. */
  async release(): Promise<void> {
    this.users -= 1;
    if (this.users > 0) return;
    if (TokenWorker.byModule.get(this.modulePath) === this) TokenWorker.byModule.delete(this.modulePath);
    if (!this.broken) this.broken = new KysoError("INTERNAL_ERROR", "the PKCS#11 worker was released");
    // A worker blocked inside the module cannot stop until the module returns: do not wait.
    void this.worker.terminate();
    await Promise.resolve();
  }

  call<Op extends TokenRequest["op"]>(request: Extract<TokenRequest, { op: Op }>, options: CallOptions = {}): Promise<TokenResults[Op]> {
    if (this.broken) return Promise.reject(this.broken);
    if (options.signal?.aborted) return Promise.reject(new KysoError("CANCELLED", `${request.op} cancelled`));
    const id = this.nextId++;
    const timeoutMs = options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    return new Promise<TokenResults[Op]>((resolve, reject) => {
      const onAbort = () => this.abandon(id, new KysoError("CANCELLED", `${request.op} cancelled`));
      const timer = setTimeout(() => this.abandon(id, new KysoError("TIMEOUT", `the token did not answer ${request.op} within ${timeoutMs} ms`)), timeoutMs);
      const done = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
      };
      this.pending.set(id, {
        resolve: (value) => (done(), resolve(value as TokenResults[Op])),
        reject: (error) => (done(), reject(error)),
      });
      options.signal?.addEventListener("abort", onAbort, { once: true });
      // The PIN buffer is moved, not copied: after this line this thread no longer holds it.
      const pin = "pin" in request ? request.pin : undefined;
      const transfer = pin ? [pin.buffer as ArrayBuffer] : [];
      this.worker.ref();
      this.worker.postMessage({ ...request, id }, transfer);
    });
  }

  private settle(reply: TokenReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.ok) pending.resolve(reply.result);
    else pending.reject(deserialize(reply.error));
  }

  /** Answers one call now; the module may still be inside it, so nothing else is sent to this worker. */
  private abandon(id: number, error: KysoError): void {
    if (!this.pending.has(id)) return;
    this.broken = error;
    if (TokenWorker.byModule.get(this.modulePath) === this) TokenWorker.byModule.delete(this.modulePath);
    this.fail(error);
  }

  private fail(error: KysoError): void {
    this.broken ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    this.worker.unref();
  }
}
