import { execFile } from "node:child_process";
import { promisify } from "node:util";

/** One object of `qpdf --json=2` output. */
interface QpdfObject {
  value?: unknown;
  stream?: { dict: Record<string, unknown>; data?: string };
}

export interface DocumentSecurityStore {
  certs: Buffer[];
  ocsps: Buffer[];
  crls: Buffer[];
  /** VRI keys (upper-case hex SHA-1 of each signature's /Contents). */
  vriKeys: string[];
}

/**
 * Reads the catalog's /DSS with qpdf (independent of kyso's reader): the decoded data of every
 * stream in /Certs, /OCSPs and /CRLs, and the /VRI keys. Undefined when there is no DSS.
 */
export async function readDocumentSecurityStore(pdfFile: string, options: { password?: string } = {}): Promise<DocumentSecurityStore | undefined> {
  const { stdout } = await promisify(execFile)(
    "qpdf",
    ["--json=2", "--json-key=qpdf", "--json-stream-data=inline", "--decode-level=generalized", ...(options.password ? [`--password=${options.password}`] : []), pdfFile],
    { maxBuffer: 256 * 1024 * 1024 },
  );
  const [, objects] = (JSON.parse(stdout) as { qpdf: [unknown, Record<string, QpdfObject>] }).qpdf;
  const deref = (value: unknown): unknown => (typeof value === "string" && / R$/.test(value) ? (objects[`obj:${value}`]?.value ?? objects[`obj:${value}`]) : value);
  const trailer = objects.trailer?.value as Record<string, unknown>;
  const catalog = deref(trailer["/Root"]) as Record<string, unknown>;
  const dss = deref(catalog["/DSS"]) as Record<string, unknown> | undefined;
  if (!dss) return undefined;
  const streams = (key: string): Buffer[] =>
    ((deref(dss[key]) as string[] | undefined) ?? []).map((ref) => Buffer.from(objects[`obj:${ref}`]?.stream?.data ?? "", "base64"));
  const vri = deref(dss["/VRI"]) as Record<string, unknown> | undefined;
  return { certs: streams("/Certs"), ocsps: streams("/OCSPs"), crls: streams("/CRLs"), vriKeys: Object.keys(vri ?? {}).map((k) => k.replace(/^\//, "")) };
}
