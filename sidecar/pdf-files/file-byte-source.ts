import { open, readFile, type FileHandle } from "node:fs/promises";
import type { ByteSource } from "../../shared/pdf/byte-source.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";

export interface FileByteSource extends ByteSource {
  close(): Promise<void>;
}

/** A file the user named that cannot be opened: FILE_NOT_FOUND or FILE_UNREADABLE, keeping the cause. */
export function inputFileError(path: string, error: unknown): KysoError {
  const code = (error as NodeJS.ErrnoException).code;
  return new KysoError(code === "ENOENT" ? "FILE_NOT_FOUND" : "FILE_UNREADABLE", path, { cause: error });
}

/** A whole small input file (key file, image), with the same typed errors as a byte source. */
export async function readInputFile(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw inputFileError(path, error);
  }
}

/** A file as random-access bytes: positioned reads, nothing buffered beyond what is asked. */
export async function openFileByteSource(path: string): Promise<FileByteSource> {
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw inputFileError(path, error);
  }
  const { size } = await handle.stat();
  const readInto = async (offset: number, target: Uint8Array): Promise<number> => {
    let filled = 0;
    while (filled < target.length) {
      const { bytesRead } = await handle.read(target, filled, target.length - filled, offset + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled;
  };
  return {
    size,
    async read(offset, length) {
      const buffer = Buffer.allocUnsafe(Math.max(0, Math.min(length, size - offset)));
      return buffer.subarray(0, await readInto(offset, buffer));
    },
    readInto,
    close: () => handle.close(),
  };
}
