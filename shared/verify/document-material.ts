import type * as pkijs from "pkijs";
import type { ByteSource } from "../pdf/byte-source.js";
import { PdfStream } from "../pdf/objects.js";
import { catalogOf } from "../pdf/read/page-tree.js";
import type { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";
import type { SignerIdentity } from "./verification-result.js";

/** More DSS entries than any document needs; a guard against hostile arrays. */
const MAX_DSS_ENTRIES = 10_000;

/** The file as it was when a revision ended: what a signature over that revision signed. */
export function prefixByteSource(source: ByteSource, end: number): ByteSource {
  return {
    size: end,
    read: (offset, length) => source.read(offset, Math.max(0, Math.min(length, end - offset))),
  };
}

/** The Document Security Store's certificates, OCSP responses and CRLs (ISO 32000-2 §12.8.4.3). */
export async function readDss(reader: PdfDocumentReader): Promise<{ certificatesDer: Uint8Array[]; ocspResponsesDer: Uint8Array[]; crlsDer: Uint8Array[] }> {
  const { dict: catalog } = await catalogOf(reader);
  const dss = await reader.resolveDict(catalog.get("DSS"));
  const streams = async (key: string): Promise<Uint8Array[]> => {
    const list = await reader.resolve(dss?.get(key));
    const out: Uint8Array[] = [];
    for (const item of Array.isArray(list) ? list.slice(0, MAX_DSS_ENTRIES) : []) {
      const stream = await reader.resolve(item);
      if (stream instanceof PdfStream) out.push(await reader.readStreamData(stream, { decode: true }));
    }
    return out;
  };
  return { certificatesDer: await streams("Certs"), ocspResponsesDer: await streams("OCSPs"), crlsDer: await streams("CRLs") };
}

function attribute(name: pkijs.RelativeDistinguishedNames, oid: string): string | undefined {
  const value = name.typesAndValues.find((tv) => tv.type === oid)?.value.valueBlock.value as unknown;
  return typeof value === "string" ? value : undefined;
}

/** The report names the certificate's subject — never what a signature appearance shows. */
export function signerIdentity(certificate: pkijs.Certificate): SignerIdentity {
  const commonName = attribute(certificate.subject, "2.5.4.3");
  const organisation = attribute(certificate.subject, "2.5.4.10");
  return {
    name: commonName ?? certificate.subject.typesAndValues.map((tv) => tv.value.valueBlock.value).join(", "),
    ...(organisation ? { organisation } : {}),
    serialHex: Array.from(certificate.serialNumber.valueBlock.valueHexView, (b) => b.toString(16).padStart(2, "0")).join("").toUpperCase(),
    issuer: attribute(certificate.issuer, "2.5.4.3") ?? "",
    notBefore: certificate.notBefore.value.toISOString(),
    notAfter: certificate.notAfter.value.toISOString(),
  };
}

