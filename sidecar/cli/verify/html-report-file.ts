import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { KysoError } from "../../../shared/protocol/kyso-error.js";

/**
 * Writes a report file whole or not at all (a temporary file beside it, then a rename); a
 * report replaces an older one but never the document it reports on.
 */
export async function writeReportFile(options: { path: string; text: string; documentPath: string }): Promise<void> {
  const path = resolve(options.path);
  if (path === resolve(options.documentPath)) throw new KysoError("OUTPUT_EXISTS", `${options.path} is the document being verified`);
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.kyso-tmp`);
  try {
    await writeFile(temporary, options.text, { flag: "wx" });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new KysoError("OUTPUT_UNWRITABLE", options.path, { cause: error });
  }
}
