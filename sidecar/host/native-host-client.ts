import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { hostMessageSchema, type HostMessage } from "../../shared/protocol/envelope.js";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.js";
import { encodeFrame, FrameDecoder } from "./native-framing.js";

export interface HostAnswer {
  message: HostMessage;
  events: unknown[];
}

/**
 * Talks to a native host over pipes as a browser does: doctor's "launcher runnable" check,
 * the host's process tests and the start-up benchmark. Chunked answers are joined here.
 */
export class NativeHostClient {
  private readonly decoder = new FrameDecoder(64 * 1024 * 1024);
  private readonly queue: HostMessage[] = [];
  private readonly waiters: Array<(message: HostMessage | undefined) => void> = [];
  private readonly chunks = new Map<string | null, string[]>();
  private ended = false;
  /** Byte length of every frame body received, chunks counted one by one. */
  readonly frameSizes: number[] = [];
  readonly exited: Promise<number | null>;

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on("data", (data: Buffer) => {
      for (const frame of this.decoder.push(data)) {
        if (frame.kind !== "message") continue;
        this.frameSizes.push(frame.body.length);
        this.receive(JSON.parse(frame.body.toString("utf8")));
      }
    });
    // A host that died is seen through `exited` and `next()`, not as an EPIPE thrown at the caller.
    child.stdin.on("error", () => undefined);
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    child.stdout.once("end", () => {
      this.ended = true;
      for (const waiter of this.waiters.splice(0)) waiter(undefined);
    });
  }

  static start(options: { command: string; args?: string[]; env?: NodeJS.ProcessEnv }): NativeHostClient {
    return new NativeHostClient(spawn(options.command, options.args ?? [], { env: options.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] }));
  }

  /** Writes raw bytes (tests of framing edge cases). */
  writeRaw(bytes: Uint8Array): void {
    this.child.stdin.write(bytes);
  }

  send(message: unknown): void {
    this.child.stdin.write(encodeFrame(JSON.stringify(message)));
  }

  /** The next message from the host (chunks joined), or undefined once stdout ended. */
  next(timeoutMs = 10_000): Promise<HostMessage | undefined> {
    const queued = this.queue.shift();
    if (queued || this.ended) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message from the host within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push((message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
  }

  /** Sends a request and waits for its result or error, collecting its events. Other ids' messages are dropped. */
  async request(options: { id: string; method: string; params?: unknown; v?: number }): Promise<HostAnswer> {
    this.send({ v: options.v ?? PROTOCOL_VERSION, id: options.id, method: options.method, params: options.params });
    const events: unknown[] = [];
    for (;;) {
      const message = await this.next();
      if (!message) throw new Error(`the host closed its output before answering ${options.id}`);
      if (message.id !== options.id) continue;
      if ("event" in message) events.push(message.event);
      else return { message, events };
    }
  }

  hello(id = "hello"): Promise<HostAnswer> {
    return this.request({ id, method: "hello", params: { protocolVersion: PROTOCOL_VERSION, extensionVersion: "0.0.0-test" } });
  }

  /** Closes stdin, as a browser closing the port does, and waits for the exit code. */
  async close(): Promise<number | null> {
    this.child.stdin.end();
    return this.exited;
  }

  private receive(raw: unknown): void {
    const parsed = hostMessageSchema.safeParse(raw);
    if (!parsed.success) throw new Error("the host sent a message outside the protocol");
    let message = parsed.data;
    if ("chunk" in message) {
      const parts = this.chunks.get(message.id) ?? [];
      parts[message.chunk.index] = message.chunk.text;
      this.chunks.set(message.id, parts);
      if (Object.keys(parts).length < message.chunk.count) return;
      this.chunks.delete(message.id);
      message = hostMessageSchema.parse(JSON.parse(parts.join("")));
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter(message);
    else this.queue.push(message);
  }
}
