/**
 * Messages kyso puts in the legacy callback's `Message`. Portals show that text to the user as
 * they received it from the old signing service, which spoke Vietnamese only; page-world code
 * has no chrome.i18n either. So these stay Vietnamese, and errors that have a kyso code use the
 * code's Vietnamese text from shared/protocol/error-messages.ts (the one table of those).
 */
export const LEGACY_MESSAGES = {
  signed: "Ký số thành công.",
  batchSigned: "Đã ký số và gửi lên máy chủ tất cả văn bản.",
  batchPartly: "Một số văn bản chưa ký được; xem chi tiết từng văn bản.",
  notJson: "Tham số gửi phần mềm ký số không phải chuỗi JSON hợp lệ.",
  notObject: "Tham số gửi phần mềm ký số phải là một đối tượng JSON.",
  noUploadHandler: "Thiếu địa chỉ nhận tệp đã ký (FileUploadHandler).",
  badUploadHandler: "Địa chỉ nhận tệp đã ký (FileUploadHandler) không hợp lệ.",
  badDocumentUrl: "Địa chỉ văn bản (FileName/URL) không hợp lệ.",
  noFiles: "Danh sách văn bản cần ký (Files) trống.",
  tooManyFiles: "Danh sách văn bản quá dài: tối đa 500 văn bản một lần ký.",
  badFileEntry: "Mỗi văn bản trong Files cần có URL hoặc FileName là địa chỉ văn bản.",
  noFileChosen: "Chưa chọn tệp PDF để ký.",
  uploadRefused: "Máy chủ không nhận tệp đã ký",
  noKyso: "Tiện ích kyso chưa sẵn sàng trên trang này.",
  unsupportedMethod: "kyso không hỗ trợ chức năng này của phần mềm ký số cũ:",
  verifyPassed: "Chữ ký số hợp lệ.",
  verifyFailed: "Chữ ký số không hợp lệ.",
  verifyIndeterminate: "Chưa xác định được tính hợp lệ của chữ ký số.",
  verifyNone: "Văn bản không có chữ ký số.",
  configShown: "kyso thay thế phần mềm ký số cũ; cấu hình do quản trị viên CNTT đặt trong chính sách.",
} as const;
