import type { Language } from "../../../shared/protocol/error-messages.js";

/** `kyso extend --help`. */
export const EXTEND_USAGE: Record<Language, string> = {
  vi: `Cách dùng: kyso extend DA_KY.pdf [THEM.pdf …] (-o RA.pdf | --out-dir THU_MUC) --level B-LT|B-LTA [--tsa URL]

Bổ sung dữ liệu kiểm tra dài hạn (chứng thư, OCSP, CRL) cho tệp đã ký, không làm mất hiệu lực chữ ký cũ.
  --level B-LT|B-LTA       B-LTA thêm dấu thời gian lưu trữ (cần --tsa)
  --tsa URL                cần cho B-LTA, và cho chữ ký chưa có dấu thời gian
  --hash SHA-256|SHA-384|SHA-512   băm của dấu thời gian tài liệu
  --pdf-password-env TÊN   mật khẩu mở tệp PDF được mã hóa
  --json  --force  --lang vi|en`,
  en: `Usage: kyso extend SIGNED.pdf [MORE.pdf …] (-o OUT.pdf | --out-dir DIR) --level B-LT|B-LTA [--tsa URL]

Adds long-term validation data (certificates, OCSP, CRLs) to signed files; earlier signatures stay valid.
  --level B-LT|B-LTA       B-LTA adds an archive timestamp (needs --tsa)
  --tsa URL                needed for B-LTA, and for signatures without a timestamp
  --hash SHA-256|SHA-384|SHA-512   hash of document timestamps
  --pdf-password-env NAME  password of an encrypted PDF
  --json  --force  --lang vi|en`,
};
