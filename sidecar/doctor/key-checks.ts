import { errorCodeOf } from "../../shared/protocol/kyso-error.js";
import { ok, problem, type CheckResult } from "./doctor-check.js";

const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

/** Each PKCS#11 module loads, and the certificates on its tokens (expired, expiring within 30 days). */
export async function checkPkcs11(modulePaths: readonly string[], now: Date = new Date()): Promise<CheckResult[]> {
  if (modulePaths.length === 0) {
    return [problem({
      id: "pkcs11-modules", status: "warn",
      message: { vi: "Không tìm thấy phần mềm điều khiển thiết bị ký số (PKCS#11) nào", en: "No signing token driver (PKCS#11 module) was found" },
      fix: { vi: "Cài phần mềm của nhà cung cấp token, hoặc ghi đường dẫn vào pkcs11Modules trong tệp cấu hình kyso", en: "Install the token vendor's software, or list its path under pkcs11Modules in kyso's config file" },
    })];
  }
  const { listTokenCertificates } = await import("../keys/pkcs11/token-certificates.js");
  const results: CheckResult[] = [];
  for (const modulePath of modulePaths) {
    let certificates;
    try {
      certificates = await listTokenCertificates(modulePath);
    } catch (error) {
      results.push(problem({
        id: "pkcs11-modules", status: "fail",
        message: { vi: `Không nạp được ${modulePath}`, en: `${modulePath} cannot be loaded` },
        fix: { vi: "Cài lại phần mềm của nhà cung cấp token hoặc sửa đường dẫn trong cấu hình", en: "Reinstall the token vendor's software or correct the path in the config" },
        data: { modulePath, code: errorCodeOf(error) },
      }));
      continue;
    }
    results.push(ok("pkcs11-modules", { vi: `Nạp được ${modulePath}`, en: `${modulePath} loads` }, { modulePath }));
    if (certificates.length === 0) {
      results.push(problem({ id: "certificates", status: "warn", message: { vi: "Không có chứng thư số nào trên thiết bị", en: "No certificate on the tokens" }, fix: { vi: "Cắm thiết bị ký số vào máy", en: "Plug in the signing token" }, data: { modulePath } }));
    }
    for (const certificate of certificates) {
      const daysLeft = Math.floor((Date.parse(certificate.notAfter) - now.getTime()) / DAY_MS);
      const data = { subject: certificate.subject, tokenLabel: certificate.tokenLabel, notAfter: certificate.notAfter, daysLeft };
      const until = certificate.notAfter.slice(0, 10);
      if (daysLeft < 0) {
        results.push(problem({ id: "certificates", status: "fail", message: { vi: `Chứng thư số đã hết hạn: ${certificate.subject} (${until})`, en: `Certificate expired: ${certificate.subject} (${until})` }, fix: { vi: "Liên hệ tổ chức cung cấp dịch vụ chứng thực để gia hạn", en: "Ask the certificate provider to renew it" }, data }));
      } else if (daysLeft <= EXPIRY_WARNING_DAYS) {
        results.push(problem({ id: "certificates", status: "warn", message: { vi: `Chứng thư số sắp hết hạn (còn ${daysLeft} ngày): ${certificate.subject}`, en: `Certificate expires in ${daysLeft} days: ${certificate.subject}` }, fix: { vi: "Liên hệ tổ chức cung cấp dịch vụ chứng thực để gia hạn trước ngày " + until, en: `Ask the certificate provider to renew it before ${until}` }, data }));
      } else {
        results.push(ok("certificates", { vi: `Chứng thư số: ${certificate.subject}, hiệu lực đến ${until}`, en: `Certificate: ${certificate.subject}, valid until ${until}` }, data));
      }
    }
  }
  return results;
}
