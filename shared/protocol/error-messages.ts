import type { ErrorCode } from "./error-codes.js";

export type Language = "vi" | "en";

/**
 * What a person reads for each error code, Vietnamese first. The extension's _locales
 * receive these at build time (`error_<CODE>`), so this table is the only place to edit.
 */
export const ERROR_MESSAGES: Record<ErrorCode, Record<Language, string>> = {
  BAD_REQUEST: { vi: "Yêu cầu không hợp lệ.", en: "The request is not valid." },
  UNKNOWN_METHOD: { vi: "kyso không hỗ trợ thao tác này.", en: "kyso does not support this operation." },
  PROTOCOL_VERSION_MISMATCH: {
    vi: "Phiên bản tiện ích và phần mềm kyso trên máy không khớp. Vui lòng cập nhật kyso.",
    en: "The extension and the kyso program on this computer do not match. Please update kyso.",
  },
  MESSAGE_TOO_LARGE: { vi: "Dữ liệu gửi đến quá lớn.", en: "The data sent is too large." },
  CANCELLED: { vi: "Thao tác đã bị hủy.", en: "The operation was cancelled." },
  INTERNAL_ERROR: { vi: "Lỗi nội bộ của kyso.", en: "Internal kyso error." },
  FILE_NOT_FOUND: { vi: "Không tìm thấy tệp.", en: "File not found." },
  FILE_UNREADABLE: { vi: "Không đọc được tệp.", en: "The file cannot be read." },
  CLI_USAGE: { vi: "Câu lệnh không đúng cú pháp.", en: "Wrong command syntax." },
};

export function errorMessage(code: ErrorCode, language: Language): string {
  return ERROR_MESSAGES[code][language];
}
