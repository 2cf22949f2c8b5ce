import { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";
import type { DocumentContext } from "./assess-signature.js";
import { prefixByteSource } from "./document-material.js";
import { fieldLocksOf } from "../pdf/read/field-locks.js";
import { forbiddenChanges } from "./modification-policy.js";
import type { ReadSignature } from "./read-signatures.js";
import { changesAfter } from "./revision-changes.js";
import type { SignatureVerification } from "./verification-result.js";

/**
 * What the updates after this signature changed, and which of those its constraints forbid:
 * the certification signature's DocMDP level applies to every later change, this signature's
 * FieldMDP locks to the fields it names (ISO 32000-2 §12.8.2.2–§12.8.2.4).
 */
export async function assessChanges(context: DocumentContext, options: { read: ReadSignature; signedEnd: number }): Promise<SignatureVerification["modifications"]> {
  const { reader } = context;
  const { docMdpLevel } = context;
  const base = docMdpLevel === undefined ? {} : { docMdpLevel };
  if (options.signedEnd === reader.source.size) return { after: [], forbidden: [], ...base };
  let signed: PdfDocumentReader;
  try {
    signed = await PdfDocumentReader.open(prefixByteSource(reader.source, options.signedEnd));
  } catch {
    return { after: [{ class: "other", detail: "the signed revision cannot be read on its own" }], forbidden: [{ class: "other", detail: "the signed revision cannot be read on its own" }], ...base };
  }
  const modifications = await changesAfter({ signed, current: reader });
  if (context.unparsedTail) modifications.push(context.unparsedTail);
  const locks = await fieldLocksOf(reader, options.read.field.signature);
  const forbidden = forbiddenChanges({ modifications, docMdpLevel, locks, fieldNames: context.fieldNames });
  const strip = (m: { class: SignatureVerification["modifications"]["after"][number]["class"]; detail: string }) => ({ class: m.class, detail: m.detail });
  return { after: modifications.map(strip), forbidden: forbidden.map(strip), ...base };
}
