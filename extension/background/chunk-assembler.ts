import type { ChunkMessage } from "../../shared/protocol/envelope.js";
import { BLOB_MAX_BYTES } from "../../shared/protocol/message-limits.js";

/** More parts than any answer needs (BLOB_MAX_BYTES in ~680 KiB slices); a host sending more is broken. */
const MAX_CHUNKS = Math.ceil((BLOB_MAX_BYTES * 2) / (512 * 1024));

/**
 * Joins the numbered slices of a host message that was over the browser's 1 MiB cap
 * (sidecar/host/outgoing-messages.ts splits its JSON text). The parts are kept and joined
 * once, when the last one arrives: appending to a string per chunk would be quadratic.
 */
export class ChunkAssembler {
  private readonly parts = new Map<string | null, { texts: string[]; received: number; count: number }>();

  /** The whole message once every slice of it arrived, else undefined. Malformed series are dropped. */
  add(message: ChunkMessage): unknown {
    const { index, count, text } = message.chunk;
    if (count > MAX_CHUNKS || index >= count) {
      this.parts.delete(message.id);
      return undefined;
    }
    const series = this.parts.get(message.id) ?? { texts: new Array<string>(count), received: 0, count };
    if (series.count !== count) {
      this.parts.delete(message.id);
      return undefined;
    }
    if (series.texts[index] === undefined) series.received += 1;
    series.texts[index] = text;
    this.parts.set(message.id, series);
    if (series.received < count) return undefined;
    this.parts.delete(message.id);
    try {
      return JSON.parse(series.texts.join("")) as unknown;
    } catch {
      return undefined;
    }
  }

  clear(): void {
    this.parts.clear();
  }
}
