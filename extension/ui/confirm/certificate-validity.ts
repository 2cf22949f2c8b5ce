import type { CertificateEntry } from "../../../shared/protocol/methods/keys.js";

/**
 * Whether a certificate can sign today, as the person choosing it must see it: expired and
 * not-yet-valid certificates cannot be chosen; one that expires within 30 days is marked
 * (the same warning horizon as `kyso doctor`).
 */
export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

export type CertificateValidity =
  | { status: "valid" }
  | { status: "expiring"; daysLeft: number }
  | { status: "expired" }
  | { status: "not-yet-valid" };

export function certificateValidity(certificate: Pick<CertificateEntry, "notBefore" | "notAfter">, now: Date): CertificateValidity {
  const notBefore = Date.parse(certificate.notBefore);
  const notAfter = Date.parse(certificate.notAfter);
  // An unreadable date cannot be shown as valid: treat it as expired rather than let it sign.
  if (Number.isNaN(notAfter) || notAfter < now.getTime()) return { status: "expired" };
  if (!Number.isNaN(notBefore) && notBefore > now.getTime()) return { status: "not-yet-valid" };
  const daysLeft = Math.floor((notAfter - now.getTime()) / DAY_MS);
  return daysLeft < EXPIRY_WARNING_DAYS ? { status: "expiring", daysLeft } : { status: "valid" };
}

export function canSignWith(validity: CertificateValidity): boolean {
  return validity.status === "valid" || validity.status === "expiring";
}

/**
 * One attribute of an RFC 4514-style name as keys.list gives it ("CN=Nguyễn Văn A, O=…"),
 * honouring backslash-escaped commas.
 */
export function distinguishedNameAttribute(name: string, attribute: string): string | undefined {
  const parts = name.split(/(?<!\\),\s*/);
  const prefix = `${attribute.toUpperCase()}=`;
  const found = parts.find((part) => part.toUpperCase().startsWith(prefix));
  return found?.slice(prefix.length).replace(/\\(.)/g, "$1");
}
