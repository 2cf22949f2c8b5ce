import type { Language } from "../../../shared/protocol/error-messages.js";
import type { DocumentVerification, Indication, SignatureVerification } from "../../../shared/verify/verification-result.js";

const INDICATIONS: Record<Indication, Record<Language, string>> = {
  TOTAL_PASSED: { vi: "HỢP LỆ", en: "VALID" },
  TOTAL_FAILED: { vi: "KHÔNG HỢP LỆ", en: "INVALID" },
  INDETERMINATE: { vi: "CHƯA XÁC ĐỊNH ĐƯỢC", en: "INDETERMINATE" },
};

const LABELS: Record<Language, Record<string, string>> = {
  vi: {
    document: "Tài liệu", none: "Tệp không có chữ ký số.", signature: "Chữ ký", timestamp: "Dấu thời gian tài liệu", field: "trường",
    signer: "Người ký (theo chứng thư số)", organisation: "Tổ chức", serial: "Số hiệu chứng thư", issuer: "Cấp bởi",
    intact: "Toàn vẹn", crypto: "Chữ ký mật mã", trusted: "Tin cậy", revocation: "Thu hồi", time: "Thời điểm ký (đã chứng minh)",
    claimed: "Thời điểm ký (người ký khai)", tsa: "Dấu thời gian", coverage: "Phạm vi ký", level: "Mức PAdES", changes: "Thay đổi sau khi ký",
    forbidden: "KHÔNG được phép", yes: "có", no: "không", notProven: "chưa chứng minh (dùng thời điểm kiểm tra)",
  },
  en: {
    document: "Document", none: "The file has no signatures.", signature: "Signature", timestamp: "Document timestamp", field: "field",
    signer: "Signer (from the certificate)", organisation: "Organisation", serial: "Certificate serial", issuer: "Issued by",
    intact: "Intact", crypto: "Cryptographic signature", trusted: "Trusted", revocation: "Revocation", time: "Signing time (proven)",
    claimed: "Signing time (claimed by the signer)", tsa: "Timestamp", coverage: "Coverage", level: "PAdES level", changes: "Changes after signing",
    forbidden: "NOT permitted", yes: "yes", no: "no", notProven: "not proven (verification time used)",
  },
};

function signatureLines(signature: SignatureVerification, index: number, language: Language): string[] {
  const l = LABELS[language];
  const yn = (value: boolean) => (value ? l.yes! : l.no!);
  const verdict = `${INDICATIONS[signature.indication][language]}${signature.subIndication ? ` (${signature.subIndication})` : ""}`;
  const lines = [`${signature.kind === "signature" ? l.signature : l.timestamp} ${index + 1} — ${l.field} "${signature.field}": ${verdict}`];
  const add = (label: string | undefined, value: string | undefined) => { if (value !== undefined) lines.push(`  ${label ?? ""}: ${value}`); };
  // The certificate's subject, never what an appearance shows (a signature image proves nothing).
  add(l.signer, signature.signer?.name);
  add(l.organisation, signature.signer?.organisation);
  add(l.serial, signature.signer?.serialHex);
  add(l.issuer, signature.signer?.issuer);
  add(l.intact, `${yn(signature.integrity.intact)}${signature.integrity.problem ? ` (${signature.integrity.problem})` : ""}`);
  add(l.coverage, signature.integrity.coverage);
  add(l.crypto, `${yn(signature.cryptography.valid)}${[...signature.cryptography.problems, ...signature.cryptography.weaknesses].map((p) => `, ${p}`).join("")}`);
  add(l.trusted, `${yn(signature.trust.trusted)}${signature.trust.chain.length ? ` (${signature.trust.chain.join(" → ")})` : ""}${signature.trust.problems.map((p) => `, ${p}`).join("")}`);
  add(l.revocation, `${signature.revocation.status}${signature.revocation.source ? ` (${signature.revocation.source})` : ""}${signature.revocation.revokedAt ? ` ${signature.revocation.revokedAt}` : ""}`);
  add(l.claimed, signature.time.claimedSigningTime);
  add(l.tsa, signature.time.timestampTime ? `${signature.time.timestampTime} (${yn(signature.time.timestampValid === true)})` : undefined);
  add(l.time, signature.time.bestSignatureTimeProven ? signature.time.bestSignatureTime : l.notProven);
  add(l.level, signature.level);
  for (const change of signature.modifications.after) {
    const forbidden = signature.modifications.forbidden.some((f) => f.detail === change.detail);
    add(l.changes, `${change.class}: ${change.detail}${forbidden ? ` — ${l.forbidden ?? ""}` : ""}`);
  }
  return lines;
}

/** The human report: the document's verdict, then each signature with one line per fact. */
export function renderVerificationText(result: DocumentVerification, language: Language): string {
  const l = LABELS[language];
  const lines = [`${l.document}: ${INDICATIONS[result.indication][language]}`];
  if (result.signatures.length === 0) lines.push(l.none!);
  result.signatures.forEach((signature, index) => lines.push("", ...signatureLines(signature, index, language)));
  return `${lines.join("\n")}\n`;
}
