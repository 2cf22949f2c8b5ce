import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A .reg string: backslashes and quotes escaped (regedit's REGEDIT5 format). */
const regString = (value: string) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/**
 * A .reg file IT can deploy (or `reg import`): each key's default value is the manifest path,
 * as Chrome, Edge and Firefox read it. `remove` writes the deletions ([-KEY]) instead.
 */
export function registryFile(entries: ReadonlyArray<{ key: string; manifestPath: string }>, options: { remove?: boolean } = {}): string {
  const blocks = entries.map((entry) => (options.remove ? `[-${entry.key}]` : `[${entry.key}]\r\n@=${regString(entry.manifestPath)}`));
  return `Windows Registry Editor Version 5.00\r\n\r\n${blocks.join("\r\n\r\n")}\r\n`;
}

/** `reg add KEY /ve /t REG_SZ /d PATH /f` on Windows. */
export async function setRegistryDefault(key: string, manifestPath: string): Promise<void> {
  await run("reg", ["add", key, "/ve", "/t", "REG_SZ", "/d", manifestPath, "/f"]);
}

export async function deleteRegistryKey(key: string): Promise<void> {
  await run("reg", ["delete", key, "/f"]).catch((error: unknown) => {
    // Already gone: uninstall is idempotent.
    if (!/unable to find|không tìm thấy/i.test(String((error as { stderr?: unknown }).stderr))) throw error;
  });
}

export async function readRegistryDefault(key: string): Promise<string | undefined> {
  try {
    const { stdout } = await run("reg", ["query", key, "/ve"]);
    return /REG_SZ\s+(.+)$/m.exec(stdout)?.[1]?.trim();
  } catch {
    return undefined;
  }
}
