import type { CertificateEntry } from "../../../shared/protocol/methods/keys.js";
import { certificateValidity, distinguishedNameAttribute, type CertificateValidity } from "./certificate-validity.js";

/** Looks up a message of the window's language (chrome.i18n in the window, the message files in tests). */
export type Words = (key: string, substitutions?: string[]) => string;

export interface CertificateChoice {
  certificateId: string;
  label: string;
  validity: CertificateValidity;
}

/** dd/mm/yyyy in Vietnam time, the way dates are written on Vietnamese documents, in either language. */
export function vietnameseDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit", year: "numeric" }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("day")}/${part("month")}/${part("year")}`;
}

/**
 * "Nguyễn Văn A — VNPT-CA — hết hạn 31/12/2026 (còn 12 ngày)": who, which CA, and the
 * validity in words, so that an expiring or expired certificate is recognisable in the list.
 */
export function certificateChoice(certificate: CertificateEntry, now: Date, words: Words): CertificateChoice {
  const validity = certificateValidity(certificate, now);
  const holder = distinguishedNameAttribute(certificate.subject, "CN") ?? certificate.subject;
  const issuer = distinguishedNameAttribute(certificate.issuer, "CN") ?? distinguishedNameAttribute(certificate.issuer, "O") ?? certificate.issuer;
  const until = vietnameseDate(certificate.notAfter);
  const validityText = (() => {
    switch (validity.status) {
      case "valid":
        return words("confirm_certificateValidUntil", [until]);
      case "expiring":
        return words("confirm_certificateExpiring", [until, String(validity.daysLeft)]);
      case "expired":
        return words("confirm_certificateExpired", [until]);
      case "not-yet-valid":
        return words("confirm_certificateNotYetValid", [vietnameseDate(certificate.notBefore)]);
    }
  })();
  return { certificateId: certificate.certificateId, label: `${holder} — ${issuer} — ${validityText}`, validity };
}
