import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { copyFile, open, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import type { ByteSource } from "../../shared/pdf/byte-source.js";
import { openFileByteSource } from "./file-byte-source.js";
import { UpdatedFileDigest, type UpdatedFileDigests } from "./updated-file-digest.js";

/**
 * Writes `original + update` to `outputPath` atomically: a temporary file beside the
 * output gets a copy of the original (copy_file_range/reflink where the OS has it), then the
 * update appended and fsynced, then a rename. A crash leaves either no output or the whole
 * one; the original file is opened read-only and never modified.
 */
export async function writeSignedFile(options: { inputPath: string; update: Uint8Array; outputPath: string; overwrite: boolean }): Promise<void> {
  const inputPath = resolve(options.inputPath);
  const outputPath = resolve(options.outputPath);
  if (inputPath === outputPath) throw new KysoError("OUTPUT_EXISTS", `${outputPath} is the input file`);
  if (!options.overwrite && (await exists(outputPath))) throw new KysoError("OUTPUT_EXISTS", outputPath);
  const temporary = join(dirname(outputPath), `.${basename(outputPath)}.${randomBytes(6).toString("hex")}.kyso-tmp`);
  try {
    await copyFile(inputPath, temporary, constants.COPYFILE_FICLONE);
    const handle = await open(temporary, "a");
    try {
      await handle.write(options.update);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, outputPath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw unwritableOutput(error, outputPath);
  }
}

/**
 * A missing or read-only output folder (or a full disk) is the user's to fix, not a bug: it
 * gets its own code. The input was read before, so ENOENT here is the output's folder.
 */
function unwritableOutput(error: unknown, outputPath: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT" || code === "EACCES" || code === "EPERM" || code === "EROFS" || code === "ENOSPC" || code === "ENOTDIR") {
    return new KysoError("OUTPUT_UNWRITABLE", `${outputPath} (${code})`, { cause: error });
  }
  return error;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * The file flow of every incremental update (signing, LT/LTA extension): open the input as a
 * byte source, let `computeUpdate` stream it, write `input + update` atomically, close the input.
 * The digests of both files come from the signing's own pass where it can give them (UpdatedFileDigest).
 */
export async function writeUpdatedFile<T extends { update: Uint8Array }>(options: {
  inputPath: string;
  outputPath: string;
  overwrite?: boolean;
  computeUpdate: (source: ByteSource, digest: UpdatedFileDigest) => Promise<T>;
}): Promise<T & { digests: UpdatedFileDigests }> {
  const { inputPath, outputPath } = options;
  const source = await openFileByteSource(inputPath);
  try {
    const digest = new UpdatedFileDigest();
    const result = await options.computeUpdate(source, digest);
    const digests = await digest.digests(source, result.update);
    await writeSignedFile({ inputPath, update: result.update, outputPath, overwrite: options.overwrite ?? false });
    return { ...result, digests };
  } finally {
    await source.close();
  }
}
