import type { PdfValue } from "../pdf/objects.js";
import type { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";
import { referencesIn, referrersOf } from "./object-references.js";
import type { Modification } from "./revision-changes.js";
import type { XrefDifference } from "./xref-difference.js";

/**
 * Objects defined after signing that the signed revision already referred to. When signed, such
 * a reference read as null (ISO 32000-2 §7.3.10) and showed nothing; defining the object later
 * makes a signed page, page tree or resource show what the signer never saw — a content stream
 * slipped into a page's /Contents array, a page into /Kids — without redefining any signed
 * object (a shadow attack prepared before signing). Objects a later update reaches only through
 * objects it redefines are judged with those objects instead.
 */
export async function preparedReferenceFills(options: { current: PdfDocumentReader; difference: XrefDifference; signedVersions: ReadonlyMap<number, PdfValue> }): Promise<Modification[]> {
  const { difference } = options;
  if (difference.added.length === 0) return [];
  const added = new Set(difference.added);
  const redefined = new Set(difference.redefined);
  const filled = new Map<number, number>();
  // An unchanged object refers now to what it referred to when signed.
  const referrers = await referrersOf(options.current);
  for (const objectNumber of difference.added) {
    const signedReferrer = referrers.get(objectNumber)?.find((referrer) => !added.has(referrer) && !redefined.has(referrer));
    if (signedReferrer !== undefined) filled.set(objectNumber, signedReferrer);
  }
  // A redefined object counts by what it referred to when signed.
  for (const [referrer, signedVersion] of options.signedVersions) {
    for (const objectNumber of referencesIn(signedVersion)) if (added.has(objectNumber) && !filled.has(objectNumber)) filled.set(objectNumber, referrer);
  }
  return [...filled].sort(([a], [b]) => a - b).map(([objectNumber, referrer]) => ({
    class: "other",
    objectNumber,
    detail: `${objectNumber} 0 R: defined after signing, where signed object ${referrer} 0 R already referred (a reference prepared before signing)`,
  }));
}
