import { KysoError } from "../protocol/kyso-error.js";
import { PdfDict } from "../pdf/objects.js";
import { catalogOf } from "../pdf/read/page-tree.js";
import type { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";
import type { SignatureFieldPlan } from "./signature-field-plan.js";

/**
 * Makes a planned signature the document's certification signature: the catalog's /Perms
 * /DocMDP points at it (ISO 32000-1 §12.8.4 Table 258). §12.8.2.2: there is at most one, and it
 * is the first signature in the document, so a document that is already signed is refused.
 */
export async function certifyPlan(options: { reader: PdfDocumentReader; plan: SignatureFieldPlan }): Promise<void> {
  const { reader, plan } = options;
  if (plan.existingSignatureCount > 0) throw new KysoError("CERTIFICATION_NOT_FIRST", `${plan.existingSignatureCount} existing signature(s)`);
  const catalog = await catalogOf(reader);
  // The plan may already rewrite the catalog (a new or inline AcroForm): extend that version.
  const planned = plan.objects.find((o) => o.objectNumber === catalog.ref.objectNumber);
  const current = planned?.value instanceof PdfDict ? planned.value : catalog.dict;
  const perms = (await reader.resolveDict(current.get("Perms"))) ?? new PdfDict();
  const updated = current.with({ Perms: perms.with({ DocMDP: plan.signatureRef }) });
  if (planned) planned.value = updated;
  else plan.objects.push({ objectNumber: catalog.ref.objectNumber, generation: catalog.ref.generation, value: updated });
}
