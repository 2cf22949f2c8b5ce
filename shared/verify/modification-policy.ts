import type { Modification, ModificationClass } from "./revision-changes.js";
import { locksField, type FieldLock } from "../pdf/read/field-locks.js";

/**
 * Whether a change class is allowed after a signature: DSS and document timestamps always
 * (they are how PAdES B-LT/B-LTA extend signed files, ETSI EN 319 142-1 §5.4); signatures and
 * form filling unless DocMDP P=1; annotations only with P=3 or without a certification
 * signature (an approval signature does not restrict them, §12.8.2.2.2); anything else —
 * page content, resources, fonts, the page tree, optional content, the catalog — never.
 */
export function classAllowed(change: ModificationClass, docMdpLevel: 1 | 2 | 3 | undefined): boolean {
  switch (change) {
    case "dss":
    case "document-timestamp":
      return true;
    case "signature":
    case "form-fill":
      return docMdpLevel !== 1;
    case "annotation":
      return docMdpLevel === undefined || docMdpLevel === 3;
    case "other":
      return false;
  }
}

/** Changes after a signature that its DocMDP/FieldMDP constraints forbid, with the locked fields' names resolved. */
export function forbiddenChanges(options: { modifications: Modification[]; docMdpLevel: 1 | 2 | 3 | undefined; locks: FieldLock[]; fieldNames: Map<number, string> }): Modification[] {
  return options.modifications.filter((m) => {
    if (!classAllowed(m.class, options.docMdpLevel)) return true;
    const field = options.fieldNames.get(m.objectNumber);
    return (m.class === "form-fill" || m.class === "signature") && field !== undefined && options.locks.some((lock) => locksField(lock, field));
  });
}
