import type { Language } from "../../../shared/protocol/error-messages.js";

/** `kyso sign --help`. */
export const SIGN_USAGE: Record<Language, string> = {
  vi: `Cách dùng: kyso sign VAO.pdf [THEM.pdf …] (-o RA.pdf | --out-dir THU_MUC) [--key KHOA] [tùy chọn]

Khóa ký (mật khẩu/PIN không bao giờ ghi trên dòng lệnh):
  --key TỆP.p12 | 'pkcs11:token=…;id=…?module-path=…'
  --pin-env TÊN | --pin-stdin      mật khẩu/PIN từ biến môi trường hoặc dòng đầu của stdin
  (không có --key: khóa DEMO tự ký của kyso, tạo lần đầu dùng — không dùng cho văn bản thật;
   chính sách keys.allowDemoKey = false tắt nó)
Mức ký (PAdES):
  --level B-B|B-T|B-LT|B-LTA       mặc định B-B; B-T trở lên cần --tsa URL
  --tsa URL                        máy chủ dấu thời gian RFC 3161
  --hash SHA-256|SHA-384|SHA-512
Hiển thị theo Nghị định 30:
  --profile approval|issuing|copy|attachment|comment|incoming|invisible  (mặc định invisible)
  --page N  --rect x,y,r,c  --image CHU_KY.png  --seal CON_DAU.png  --org "TÊN CƠ QUAN"
  --doc-number "SỐ/KH"  --text "NỘI DUNG"
Trường và quyền:
  --field TÊN          ký vào trường chữ ký có sẵn, hoặc đặt tên trường mới
  --certify 1|2|3      chữ ký chứng thực (DocMDP)
  --lock all|include:A,B|exclude:A,B   khóa trường biểu mẫu sau khi ký (FieldMDP)
  --reason S  --location S  --contact S
Khác:
  --pdf-password-env TÊN   mật khẩu mở tệp PDF được mã hóa
  --json  --force  --lang vi|en`,
  en: `Usage: kyso sign IN.pdf [MORE.pdf …] (-o OUT.pdf | --out-dir DIR) [--key KEY] [options]

Key (passwords and PINs never on the command line):
  --key FILE.p12 | 'pkcs11:token=…;id=…?module-path=…'
  --pin-env NAME | --pin-stdin     password/PIN from an environment variable or stdin's first line
  (no --key: kyso's self-signed DEMO key, created on first use — not for real use;
   policy keys.allowDemoKey = false turns it off)
Level (PAdES):
  --level B-B|B-T|B-LT|B-LTA       default B-B; B-T and above need --tsa URL
  --tsa URL                        RFC 3161 timestamp server
  --hash SHA-256|SHA-384|SHA-512
Decree 30 appearance:
  --profile approval|issuing|copy|attachment|comment|incoming|invisible  (default invisible)
  --page N  --rect x,y,w,h  --image SIGNATURE.png  --seal SEAL.png  --org "ORGANISATION"
  --doc-number "NO./CODE"  --text "TEXT"
Fields and permissions:
  --field NAME         sign an existing signature field, or name the new one
  --certify 1|2|3      certification signature (DocMDP)
  --lock all|include:A,B|exclude:A,B   lock form fields once signed (FieldMDP)
  --reason S  --location S  --contact S
Other:
  --pdf-password-env NAME  password of an encrypted PDF
  --json  --force  --lang vi|en`,
};
