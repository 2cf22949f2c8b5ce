import { execFile } from "node:child_process";
import { promisify } from "node:util";

/** `qpdf --check`: structure, xref and object streams; exit 0 = no errors, 3 = warnings only. */
export async function qpdfCheck(file: string, options: { password?: string } = {}): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout } = await promisify(execFile)("qpdf", ["--check", ...(options.password === undefined ? [] : [`--password=${options.password}`]), file]);
    return { ok: true, output: stdout };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { ok: false, output: `${failure.stdout ?? ""}${failure.stderr ?? ""}` };
  }
}
