import { readQpdfObjects } from "./qpdf-json.js";

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
  const { objects, deref, catalog } = await readQpdfObjects(pdfFile, options);
  const dss = deref(catalog["/DSS"]) as Record<string, unknown> | undefined;
  if (!dss) return undefined;
  const streams = (key: string): Buffer[] =>
    ((deref(dss[key]) as string[] | undefined) ?? []).map((ref) => Buffer.from(objects[`obj:${ref}`]?.stream?.data ?? "", "base64"));
  const vri = deref(dss["/VRI"]) as Record<string, unknown> | undefined;
  return { certs: streams("/Certs"), ocsps: streams("/OCSPs"), crls: streams("/CRLs"), vriKeys: Object.keys(vri ?? {}).map((k) => k.replace(/^\//, "")) };
}
