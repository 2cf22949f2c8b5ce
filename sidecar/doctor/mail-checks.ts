import { ok, problem, type CheckResult } from "./doctor-check.js";

/** Which store keeps the mail password (never the password itself): the OS keyring, or kyso's encrypted file. */
export async function checkMailCredentialStore(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Promise<CheckResult> {
  const { chooseCredentialStore } = await import("../mail/credentials/choose-credential-store.js");
  try {
    const store = await chooseCredentialStore(env, platform);
    const data = { store: store.kind, location: store.location };
    if (store.kind === "encrypted-file") {
      return ok("mail-credentials", { vi: `Mật khẩu thư lưu trong tệp mã hóa chỉ người dùng này đọc được: ${store.location} (không có kho khóa của hệ điều hành)`, en: `The mail password is kept in an encrypted file only this user can read: ${store.location} (no OS keyring)` }, data);
    }
    return ok("mail-credentials", { vi: `Mật khẩu thư lưu trong kho khóa của hệ điều hành: ${store.location}`, en: `The mail password is kept in the OS keyring: ${store.location}` }, data);
  } catch (error) {
    return problem({ id: "mail-credentials", status: "warn", message: { vi: "Không xác định được nơi lưu mật khẩu thư", en: "Cannot tell where the mail password is kept" }, fix: { vi: "Kiểm tra quyền thư mục trạng thái của kyso", en: "Check the permissions of kyso's state directory" }, data: { detail: error instanceof Error ? error.message : String(error) } });
  }
}
