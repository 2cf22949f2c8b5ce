import { HOST_TO_BROWSER_MAX_BYTES } from "../../shared/protocol/message-limits.js";
import type { ChunkMessage, HostMessage } from "../../shared/protocol/envelope.js";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.js";

/**
 * JSON text per chunk, in UTF-16 code units. Inside the chunk message each unit becomes at
 * most 3 UTF-8 bytes (a BMP character; `"` and `\` become 2, and JSON.stringify leaves no raw
 * control characters to escape), so 256 Ki units stay under the 1 MiB cap with the envelope.
 */
const CHUNK_TEXT_UNITS = 256 * 1024;

/**
 * The JSON texts to send for one message: the message itself when it fits in the browser's
 * 1 MiB, else numbered chunks of its text that the background joins and parses.
 */
export function outgoingTexts(message: HostMessage): string[] {
  const text = JSON.stringify(message);
  if (Buffer.byteLength(text, "utf8") <= HOST_TO_BROWSER_MAX_BYTES) return [text];
  const slices: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + CHUNK_TEXT_UNITS, text.length);
    // Never split a surrogate pair: each half alone is not valid UTF-8.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    slices.push(text.slice(start, end));
    start = end;
  }
  return slices.map((slice, index) => {
    const chunk: ChunkMessage = { v: PROTOCOL_VERSION, id: message.id, chunk: { index, count: slices.length, text: slice } };
    return JSON.stringify(chunk);
  });
}
