import { open, type FileHandle } from "node:fs/promises";
import type { ByteSource } from "../../shared/pdf/byte-source.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";

export interface FileByteSource extends ByteSource {
  close(): Promise<void>;
}

/** A file as random-access bytes: positioned reads, nothing buffered beyond what is asked. */
export async function openFileByteSource(path: string): Promise<FileByteSource> {
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new KysoError(code === "ENOENT" ? "FILE_NOT_FOUND" : "FILE_UNREADABLE", path, { cause: error });
  }
  const { size } = await handle.stat();
  return {
    size,
    async read(offset, length) {
      const wanted = Math.max(0, Math.min(length, size - offset));
      const buffer = Buffer.allocUnsafe(wanted);
      let filled = 0;
      while (filled < wanted) {
        const { bytesRead } = await handle.read(buffer, filled, wanted - filled, offset + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return buffer.subarray(0, filled);
    },
    async readInto(offset, target) {
      let filled = 0;
      while (filled < target.length) {
        const { bytesRead } = await handle.read(target, filled, target.length - filled, offset + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return filled;
    },
    close: () => handle.close(),
  };
}
