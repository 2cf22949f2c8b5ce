import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** SHA-256 of a file on disk, hex, streamed; undefined when it cannot be read (a missing input is the signing's error to report). */
export async function fileSha256Hex(path: string): Promise<string | undefined> {
  const hash = createHash("sha256");
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch {
    return undefined;
  }
  return hash.digest("hex");
}
