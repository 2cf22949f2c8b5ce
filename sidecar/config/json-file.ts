import { readFileSync } from "node:fs";

export type JsonFileRead = { state: "missing" } | { state: "unreadable" | "not-json"; detail: string } | { state: "read"; value: unknown };

/**
 * A JSON file IT or the user wrote, read without throwing: a missing file is normal (nothing
 * configured), a broken one is something doctor and `kyso policy check` report.
 */
export function readJsonFile(file: string): JsonFileRead {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { state: "missing" };
    return { state: "unreadable", detail: error instanceof Error ? error.message : String(error) };
  }
  try {
    // A UTF-8 BOM (Notepad) is not JSON's business.
    return { state: "read", value: JSON.parse(text.replace(/^\uFEFF/, "")) };
  } catch (error) {
    return { state: "not-json", detail: error instanceof Error ? error.message : String(error) };
  }
}
