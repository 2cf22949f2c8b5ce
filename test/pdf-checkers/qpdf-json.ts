import { execFile } from "node:child_process";
import { promisify } from "node:util";

/** One object of `qpdf --json=2` output. */
export interface QpdfObject {
  value?: unknown;
  stream?: { dict: Record<string, unknown>; data?: string };
}

export interface QpdfObjects {
  objects: Record<string, QpdfObject>;
  /** An indirect reference ("12 0 R") followed to its value or stream dictionary; anything else as is. */
  deref: (value: unknown) => unknown;
  /** The trailer's /Root. */
  catalog: Record<string, unknown>;
}

/**
 * Every object of the file's newest revision as qpdf reads it — an independent reader to
 * check what kyso wrote. Stream data inline (base64), decoded where qpdf can.
 */
export async function readQpdfObjects(pdfFile: string, options: { password?: string } = {}): Promise<QpdfObjects> {
  const { stdout } = await promisify(execFile)(
    "qpdf",
    ["--json=2", "--json-key=qpdf", "--json-stream-data=inline", "--decode-level=generalized", ...(options.password ? [`--password=${options.password}`] : []), pdfFile],
    { maxBuffer: 256 * 1024 * 1024 },
  );
  const [, objects] = (JSON.parse(stdout) as { qpdf: [unknown, Record<string, QpdfObject>] }).qpdf;
  const deref = (value: unknown): unknown => {
    if (typeof value !== "string" || !/ R$/.test(value)) return value;
    const object = objects[`obj:${value}`];
    return object?.value ?? object?.stream?.dict;
  };
  const trailer = objects.trailer?.value as Record<string, unknown>;
  return { objects, deref, catalog: deref(trailer["/Root"]) as Record<string, unknown> };
}
