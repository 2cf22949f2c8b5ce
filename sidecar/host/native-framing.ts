import { endianness } from "node:os";

/**
 * Native messaging framing (developer.chrome.com "Native messaging", MDN "Native
 * manifests"/"Native messaging"): each message is a 32-bit length in the machine's native
 * byte order, then that many bytes of UTF-8 JSON.
 */
const LITTLE_ENDIAN = endianness() === "LE";
const HEADER_BYTES = 4;

export type Frame = { kind: "message"; body: Buffer } | { kind: "too-large"; bytes: number };

export function encodeFrame(json: string): Buffer {
  const body = Buffer.from(json, "utf8");
  const frame = Buffer.allocUnsafe(HEADER_BYTES + body.length);
  if (LITTLE_ENDIAN) frame.writeUInt32LE(body.length, 0);
  else frame.writeUInt32BE(body.length, 0);
  body.copy(frame, HEADER_BYTES);
  return frame;
}

/**
 * Turns stdin chunks into frames. Chunks of one message are collected and joined once when
 * it is complete (concatenating on every read is quadratic, TEST-SERVERS.md). A message over
 * `maxBytes` is never buffered: its bytes are skipped as they arrive and it is reported once,
 * so the host can answer MESSAGE_TOO_LARGE and read the next message.
 */
export class FrameDecoder {
  private header = Buffer.alloc(0);
  private expected = -1;
  private parts: Buffer[] = [];
  private received = 0;
  private skipping = 0;

  constructor(private readonly maxBytes: number) {}

  /** Frames completed by this chunk, in order. */
  push(chunk: Buffer): Frame[] {
    const frames: Frame[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      if (this.skipping > 0) {
        const skipped = Math.min(this.skipping, chunk.length - offset);
        this.skipping -= skipped;
        offset += skipped;
        continue;
      }
      if (this.expected < 0) {
        const needed = HEADER_BYTES - this.header.length;
        this.header = Buffer.concat([this.header, chunk.subarray(offset, offset + needed)]);
        offset += Math.min(needed, chunk.length - offset);
        if (this.header.length < HEADER_BYTES) break;
        const length = LITTLE_ENDIAN ? this.header.readUInt32LE(0) : this.header.readUInt32BE(0);
        this.header = Buffer.alloc(0);
        if (length > this.maxBytes) {
          frames.push({ kind: "too-large", bytes: length });
          this.skipping = length;
          continue;
        }
        this.expected = length;
        if (length === 0) frames.push(this.finish());
        continue;
      }
      const take = Math.min(this.expected - this.received, chunk.length - offset);
      this.parts.push(chunk.subarray(offset, offset + take));
      this.received += take;
      offset += take;
      if (this.received === this.expected) frames.push(this.finish());
    }
    return frames;
  }

  /** Whether a message was cut off by the end of input. */
  get midMessage(): boolean {
    return this.expected >= 0 || this.header.length > 0 || this.skipping > 0;
  }

  private finish(): Frame {
    const body = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.received);
    this.parts = [];
    this.received = 0;
    this.expected = -1;
    return { kind: "message", body };
  }
}
