import { PdfName, numberValue } from "../objects.js";
import { catalogOf } from "./page-tree.js";
import type { PdfDocumentReader } from "./pdf-document-reader.js";

export type DocMdpLevel = 1 | 2 | 3;

/**
 * /P of a DocMDP reference: 2 when absent (ISO 32000-1 §12.8.2.2, Table 254). A value the
 * standard does not define is read on the restrictive side — below 2 as 1, anything else as
 * the default 2 — so that a hostile number never grants more than the default.
 */
function levelOf(p: number | undefined): DocMdpLevel {
  if (p === 1 || p === 2 || p === 3) return p;
  return p !== undefined && p < 2 ? 1 : 2;
}

/**
 * The DocMDP permission of a certified document: the catalog's /Perms /DocMDP signature and
 * its DocMDP reference's /P; undefined when the document is not certified. A certification
 * without a DocMDP reference gets the default 2; several references (malformed), the most
 * restrictive. The signer (may it sign, may it add its information block?) and the verifier
 * (which changes after signing are allowed?) read it here, so kyso never makes a change its
 * own verifier then calls forbidden.
 */
export async function docMdpPermission(reader: PdfDocumentReader): Promise<DocMdpLevel | undefined> {
  const { dict: catalog } = await catalogOf(reader);
  const certification = await reader.resolveDict((await reader.resolveDict(catalog.get("Perms")))?.get("DocMDP"));
  if (!certification) return undefined;
  const references = await reader.resolve(certification.get("Reference"));
  let level: DocMdpLevel | undefined;
  for (const item of Array.isArray(references) ? references : []) {
    const reference = await reader.resolveDict(item);
    if (reference?.get("TransformMethod") !== PdfName.of("DocMDP")) continue;
    const referenceLevel = levelOf(numberValue((await reader.resolveDict(reference.get("TransformParams")))?.get("P")));
    level = level === undefined ? referenceLevel : (Math.min(level, referenceLevel) as DocMdpLevel);
  }
  return level ?? 2;
}
