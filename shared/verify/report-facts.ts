import type { Language } from "../protocol/error-messages.js";
import type { ModificationClass } from "./revision-changes.js";
import type { DocumentVerification, Indication, SignatureVerification, SubIndication } from "./verification-result.js";

/**
 * What a verification report says, in Vietnamese and English, once for every renderer (text
 * for the terminal, HTML for the file and the extension page): the verdicts, one row per fact,
 * and a plain sentence for each sub-indication so that a clerk knows what to do next.
 */
export const INDICATION_WORDS: Record<Indication, Record<Language, string>> = {
  TOTAL_PASSED: { vi: "HỢP LỆ", en: "VALID" },
  TOTAL_FAILED: { vi: "KHÔNG HỢP LỆ", en: "INVALID" },
  INDETERMINATE: { vi: "CHƯA XÁC ĐỊNH ĐƯỢC", en: "INDETERMINATE" },
};

const SUB_INDICATION_WORDS: Partial<Record<SubIndication, Record<Language, string>>> = {
  FORMAT_FAILURE: { vi: "Cấu trúc chữ ký không đúng hoặc đã bị sửa (ByteRange, /Contents, CMS).", en: "The signature's structure is wrong or was tampered with (ByteRange, /Contents, CMS)." },
  HASH_FAILURE: { vi: "Nội dung đã ký bị thay đổi sau khi ký.", en: "The signed content was changed after signing." },
  SIG_CRYPTO_FAILURE: { vi: "Giá trị chữ ký không khớp với khóa của chứng thư số.", en: "The signature value does not match the certificate's key." },
  SIG_CONSTRAINTS_FAILURE: { vi: "Tài liệu bị sửa sau khi ký theo cách không được phép (nội dung trang, cấu trúc hoặc quyền DocMDP/FieldMDP).", en: "The document was changed after signing in a way that is not permitted (page content, structure, or DocMDP/FieldMDP permissions)." },
  REVOKED: { vi: "Chứng thư số đã bị thu hồi trước thời điểm ký.", en: "The certificate was revoked before the signing time." },
  REVOKED_NO_POE: { vi: "Chứng thư số đã bị thu hồi và không có dấu thời gian chứng minh chữ ký có trước đó.", en: "The certificate is revoked and no timestamp proves the signature existed before." },
  EXPIRED: { vi: "Chứng thư số đã hết hạn tại thời điểm ký.", en: "The certificate had expired at the signing time." },
  OUT_OF_BOUNDS_NO_POE: { vi: "Chứng thư số đã hết hạn và không có dấu thời gian chứng minh chữ ký có trước đó.", en: "The certificate has expired and no timestamp proves the signature existed before." },
  NOT_YET_VALID: { vi: "Chứng thư số chưa có hiệu lực tại thời điểm ký.", en: "The certificate was not yet valid at the signing time." },
  NO_CERTIFICATE_CHAIN_FOUND: { vi: "Không dựng được chuỗi chứng thư đến một chứng thư gốc tin cậy đã cấu hình.", en: "No certificate chain to a configured trusted root was found." },
  NO_SIGNING_CERTIFICATE_FOUND: { vi: "Không tìm thấy chứng thư số của người ký.", en: "The signer's certificate was not found." },
  CHAIN_CONSTRAINTS_FAILURE: { vi: "Chuỗi chứng thư không đáp ứng ràng buộc (thời hạn, mục đích sử dụng khóa, ràng buộc cơ bản).", en: "The certificate chain breaks a constraint (validity, key usage, basic constraints)." },
  CRYPTO_CONSTRAINTS_FAILURE: { vi: "Thuật toán hoặc độ dài khóa không còn đủ an toàn (SHA-1, RSA dưới 2048 bit).", en: "The algorithm or key size is no longer adequate (SHA-1, RSA below 2048 bits)." },
  TRY_LATER: { vi: "Chưa kiểm tra được tình trạng thu hồi (OCSP/CRL); thử lại khi có mạng.", en: "The revocation status (OCSP/CRL) could not be checked; try again when online." },
  TIMESTAMP_FAILURE: { vi: "Dấu thời gian không hợp lệ hoặc không tin cậy.", en: "The timestamp is invalid or not trusted." },
};

const CHANGE_WORDS: Record<ModificationClass, Record<Language, string>> = {
  dss: { vi: "dữ liệu kiểm tra dài hạn (DSS)", en: "long-term validation data (DSS)" },
  "document-timestamp": { vi: "dấu thời gian tài liệu", en: "document timestamp" },
  signature: { vi: "chữ ký mới", en: "new signature" },
  "form-fill": { vi: "điền biểu mẫu", en: "form filling" },
  annotation: { vi: "chú thích", en: "annotation" },
  other: { vi: "thay đổi khác (nội dung, cấu trúc)", en: "other change (content, structure)" },
};

const COVERAGE_WORDS: Record<SignatureVerification["integrity"]["coverage"], Record<Language, string>> = {
  "whole-file": { vi: "toàn bộ tệp", en: "the whole file" },
  "whole-revision": { vi: "toàn bộ phiên bản khi ký (có cập nhật sau đó)", en: "the whole revision signed (updated later)" },
  partial: { vi: "một phần", en: "part of the file" },
};

const REVOCATION_WORDS: Record<SignatureVerification["revocation"]["status"], Record<Language, string>> = {
  good: { vi: "chưa bị thu hồi", en: "not revoked" },
  revoked: { vi: "ĐÃ BỊ THU HỒI", en: "REVOKED" },
  unknown: { vi: "chưa kiểm tra được", en: "could not be checked" },
  "not-checked": { vi: "không kiểm tra (chuỗi chứng thư không tin cậy)", en: "not checked (untrusted chain)" },
};

const REVOCATION_SOURCE_WORDS: Record<string, Record<Language, string>> = {
  dss: { vi: "dữ liệu DSS trong tệp", en: "DSS data in the file" },
  cms: { vi: "dữ liệu kèm chữ ký", en: "data in the signature" },
  online: { vi: "trực tuyến", en: "online" },
};

const LABELS = {
  vi: {
    document: "Tài liệu", none: "Tệp không có chữ ký số.", signature: "Chữ ký", timestamp: "Dấu thời gian tài liệu", field: "trường",
    signer: "Người ký (theo chứng thư số)", organisation: "Tổ chức", serial: "Số hiệu chứng thư", issuer: "Cấp bởi",
    intact: "Toàn vẹn", crypto: "Chữ ký mật mã", trusted: "Tin cậy", revocation: "Thu hồi", time: "Thời điểm ký (đã chứng minh)",
    claimed: "Thời điểm ký (người ký khai)", tsa: "Dấu thời gian", coverage: "Phạm vi ký", level: "Mức PAdES", docMdp: "Quyền DocMDP", changes: "Thay đổi sau khi ký",
    certificateBinding: "Gắn chứng thư vào chữ ký",
    certificateUnbound: "không — chứng thư của người ký không được gắn vào chữ ký bằng thuộc tính đã ký (signing-certificate-v2), chỉ được nhận ra qua tổ chức cấp và số hiệu; chữ ký vẫn hợp lệ về mật mã nhưng không phải chữ ký PAdES cơ bản",
    forbidden: "KHÔNG được phép", yes: "có", no: "không", notProven: "chưa chứng minh (dùng thời điểm kiểm tra)",
    appearanceNote: "Hình ảnh chữ ký trên trang không phải là bằng chứng: người ký được nêu theo chứng thư số.",
  },
  en: {
    document: "Document", none: "The file has no signatures.", signature: "Signature", timestamp: "Document timestamp", field: "field",
    signer: "Signer (from the certificate)", organisation: "Organisation", serial: "Certificate serial", issuer: "Issued by",
    intact: "Intact", crypto: "Cryptographic signature", trusted: "Trusted", revocation: "Revocation", time: "Signing time (proven)",
    claimed: "Signing time (claimed by the signer)", tsa: "Timestamp", coverage: "Coverage", level: "PAdES level", docMdp: "DocMDP permission", changes: "Changes after signing",
    certificateBinding: "Certificate bound to the signature",
    certificateUnbound: "no — the signer's certificate is not bound to the signature by a signed attribute (signing-certificate-v2) and is found only by issuer and serial; the signature still verifies but is not a PAdES baseline signature",
    forbidden: "NOT permitted", yes: "yes", no: "no", notProven: "not proven (verification time used)",
    appearanceNote: "A signature's picture on the page proves nothing: the signer is named from the certificate.",
  },
} as const satisfies Record<Language, Record<string, string>>;

export type ReportLabels = (typeof LABELS)[Language];
export const reportLabels = (language: Language): ReportLabels => LABELS[language];

/**
 * One fact of a signature as a labelled value; `problem` marks what makes it fail or undecided,
 * `warning` what the reader should know although the verdict does not depend on it.
 */
export interface FactRow {
  label: string;
  value: string;
  problem?: boolean;
  warning?: boolean;
}

/** The verdict line of a signature: "HỢP LỆ", "KHÔNG HỢP LỆ (HASH_FAILURE)". */
export function verdictWords(signature: Pick<SignatureVerification, "indication" | "subIndication">, language: Language): string {
  return `${INDICATION_WORDS[signature.indication][language]}${signature.subIndication ? ` (${signature.subIndication})` : ""}`;
}

export function subIndicationWords(signature: SignatureVerification, language: Language): string | undefined {
  return signature.subIndication ? SUB_INDICATION_WORDS[signature.subIndication]?.[language] : undefined;
}

export function signatureHeading(signature: SignatureVerification, index: number, language: Language): string {
  const l = LABELS[language];
  return `${signature.kind === "signature" ? l.signature : l.timestamp} ${index + 1} — ${l.field} "${signature.field}"`;
}

/** Every fact of one signature, in the order a reader checks them. The certificate's subject, never an appearance. */
export function signatureFacts(signature: SignatureVerification, language: Language): FactRow[] {
  const l = LABELS[language];
  const yn = (value: boolean) => (value ? l.yes : l.no);
  const rows: FactRow[] = [];
  const add = (label: string, value: string | undefined, problem = false) => {
    if (value !== undefined) rows.push({ label, value, ...(problem ? { problem } : {}) });
  };
  add(l.signer, signature.signer?.name);
  add(l.organisation, signature.signer?.organisation);
  add(l.serial, signature.signer?.serialHex);
  add(l.issuer, signature.signer?.issuer);
  add(l.intact, `${yn(signature.integrity.intact)}${signature.integrity.problem ? ` (${signature.integrity.problem})` : ""}`, !signature.integrity.intact);
  add(l.coverage, COVERAGE_WORDS[signature.integrity.coverage][language], signature.integrity.coverage === "partial");
  add(l.crypto, `${yn(signature.cryptography.valid)}${[...signature.cryptography.problems, ...signature.cryptography.weaknesses].map((p) => `, ${p}`).join("")}`, !signature.cryptography.valid || signature.cryptography.weaknesses.length > 0);
  add(l.trusted, `${yn(signature.trust.trusted)}${signature.trust.chain.length ? ` (${signature.trust.chain.join(" → ")})` : ""}${signature.trust.problems.map((p) => `, ${p}`).join("")}`, !signature.trust.trusted || signature.trust.problems.length > 0);
  const { status, source, revokedAt } = signature.revocation;
  const sourceWords = source === undefined ? undefined : (REVOCATION_SOURCE_WORDS[source]?.[language] ?? source);
  add(l.revocation, `${REVOCATION_WORDS[status][language]}${sourceWords ? ` (${sourceWords})` : ""}${revokedAt ? ` ${revokedAt}` : ""}`, status === "revoked" || status === "unknown");
  add(l.claimed, signature.time.claimedSigningTime);
  add(l.tsa, signature.time.timestampTime ? `${signature.time.timestampTime} (${yn(signature.time.timestampValid === true)})` : undefined, signature.time.timestampValid === false);
  add(l.time, signature.time.bestSignatureTimeProven ? signature.time.bestSignatureTime : l.notProven);
  add(l.level, signature.level);
  if (signature.kind === "signature" && signature.signer && !signature.cryptography.signingCertificateBound) rows.push({ label: l.certificateBinding, value: l.certificateUnbound, warning: true });
  add(l.docMdp, signature.modifications.docMdpLevel === undefined ? undefined : `P=${signature.modifications.docMdpLevel}`);
  return rows;
}

/** The changes after a signature, each with its class in words and whether it is forbidden. */
export function changeRows(signature: SignatureVerification, language: Language): FactRow[] {
  const l = LABELS[language];
  return signature.modifications.after.map((change) => {
    const forbidden = signature.modifications.forbidden.some((f) => f.detail === change.detail);
    return { label: CHANGE_WORDS[change.class][language], value: `${change.detail}${forbidden ? ` — ${l.forbidden}` : ""}`, ...(forbidden ? { problem: true } : {}) };
  });
}

/** The document's verdict line: "Tài liệu: HỢP LỆ". */
export function documentVerdictWords(result: DocumentVerification, language: Language): string {
  return `${LABELS[language].document}: ${INDICATION_WORDS[result.indication][language]}`;
}
