import { KysoError } from "../../protocol/kyso-error.js";
import type { DocumentSecurity } from "./document-security.js";

/** What a signature changes, in the terms of §7.6.4.2 Table 22. */
export type SigningChange = "fill-existing-field" | "add-field" | "add-annotations";

const bit = (permissions: number, position: number) => (permissions & (1 << (position - 1))) !== 0;

/**
 * §7.6.4.2 Table 22, for a document opened with the user password:
 * - bit 9 (revision ≥ 3) lets anyone "fill in existing interactive form fields (including
 *   signature fields)", and bit 6 covers filling in fields too: either allows signing an
 *   existing empty signature field;
 * - a new signature field needs bit 6 together with bit 4 ("create or modify interactive form
 *   fields (including signature fields)");
 * - other new annotations (the issuing profile's information block) need bit 6.
 * The owner password grants full access (§7.6.4.1), so the owner may always sign. Anyone else
 * is refused before anything is written and pointed to the owner password: a signature that
 * the author's viewer reports as a forbidden change helps nobody.
 */
export function assertPermissionsAllow(security: DocumentSecurity | undefined, change: SigningChange): void {
  if (!security || security.access === "owner") return;
  const { permissions, revision } = security;
  const allowed =
    change === "fill-existing-field" ? bit(permissions, 6) || (revision >= 3 && bit(permissions, 9)) : change === "add-field" ? bit(permissions, 4) && bit(permissions, 6) : bit(permissions, 6);
  if (!allowed) throw new KysoError("PDF_OWNER_PASSWORD_REQUIRED", `the document's permissions (/P ${permissions}) forbid this signature (${change.replaceAll("-", " ")}) to the user password`);
}
