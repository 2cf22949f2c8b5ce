import { sha256 } from "@noble/hashes/sha2.js";
import { sha1 } from "@noble/hashes/legacy.js";
import { PdfDict, PdfName, PdfNewStream, PdfRef, PdfStream, type PdfValue } from "../../pdf/objects.js";
import { catalogOf } from "../../pdf/read/page-tree.js";
import type { PdfDocumentReader } from "../../pdf/read/pdf-document-reader.js";
import type { UpdatedObject } from "../../pdf/write/incremental-update.js";
import type { SignatureValidationData } from "./validation-material.js";

/** More validation entries than any document needs; a guard against hostile DSS arrays. */
const MAX_EXISTING_ENTRIES = 10_000;

type DssArray = "Certs" | "OCSPs" | "CRLs";
/** ISO 32000-2 Table 262: a VRI entry's key for each DSS array. */
const VRI_KEY: Record<DssArray, string> = { Certs: "Cert", OCSPs: "OCSP", CRLs: "CRL" };

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The Document Security Store (ISO 32000-2 §12.8.4.3, ETSI EN 319 142-1 §5.4.2) of an
 * incremental update: every certificate, OCSP response and CRL as its own stream, listed in
 * /Certs, /OCSPs, /CRLs, and per signature a /VRI entry keyed by the upper-case hex SHA-1 of
 * its /Contents (§12.8.4.4). An existing DSS is extended, never replaced, and what it already
 * holds is not written again.
 */
export async function planDssUpdate(options: { reader: PdfDocumentReader; data: SignatureValidationData[] }): Promise<UpdatedObject[]> {
  const { reader } = options;
  const catalog = await catalogOf(reader);
  const dssValue = catalog.dict.get("DSS");
  const existing = (await reader.resolveDict(dssValue)) ?? new PdfDict([["Type", PdfName.of("DSS")]]);
  const objects: UpdatedObject[] = [];
  let nextNumber = reader.size;
  const allocate = () => new PdfRef(nextNumber++, 0);

  const arrays: Record<DssArray, PdfValue[]> = { Certs: [], OCSPs: [], CRLs: [] };
  const known = new Map<string, PdfRef>();
  for (const key of Object.keys(arrays) as DssArray[]) {
    const entries = await reader.resolve(existing.get(key));
    for (const entry of Array.isArray(entries) ? entries.slice(0, MAX_EXISTING_ENTRIES) : []) {
      arrays[key].push(entry);
      const stream = entry instanceof PdfRef ? await reader.resolve(entry) : undefined;
      if (entry instanceof PdfRef && stream instanceof PdfStream) known.set(`${key}:${hex(sha256(await reader.readStreamData(stream, { decode: true })))}`, entry);
    }
  }
  const refFor = (key: DssArray, der: Uint8Array): PdfRef => {
    const id = `${key}:${hex(sha256(der))}`;
    let ref = known.get(id);
    if (!ref) {
      ref = allocate();
      objects.push({ objectNumber: ref.objectNumber, generation: 0, value: new PdfNewStream(new PdfDict(), der) });
      arrays[key].push(ref);
      known.set(id, ref);
    }
    return ref;
  };

  const vri = new PdfDict((await reader.resolveDict(existing.get("VRI")))?.entries);
  for (const item of options.data) {
    const lists: Record<DssArray, PdfRef[]> = {
      Certs: item.certificatesDer.map((der) => refFor("Certs", der)),
      OCSPs: item.ocspResponsesDer.map((der) => refFor("OCSPs", der)),
      CRLs: item.crlsDer.map((der) => refFor("CRLs", der)),
    };
    const entry = new PdfDict((Object.keys(lists) as DssArray[]).filter((key) => lists[key].length > 0).map((key) => [VRI_KEY[key], lists[key]]));
    vri.entries.set(hex(sha1(item.signature.contentsBytes)).toUpperCase(), entry);
  }

  let dss = existing.with({ VRI: vri });
  for (const key of Object.keys(arrays) as DssArray[]) if (arrays[key].length > 0) dss = dss.with({ [key]: arrays[key] });
  if (dssValue instanceof PdfRef) objects.push({ objectNumber: dssValue.objectNumber, generation: dssValue.generation, value: dss });
  else {
    const dssRef = allocate();
    objects.push({ objectNumber: dssRef.objectNumber, generation: 0, value: dss });
    objects.push({ objectNumber: catalog.ref.objectNumber, generation: catalog.ref.generation, value: catalog.dict.with({ DSS: dssRef }) });
  }
  return objects;
}
