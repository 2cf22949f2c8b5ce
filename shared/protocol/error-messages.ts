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
  HANDSHAKE_REQUIRED: {
    vi: "Tiện ích chưa chào hỏi (hello) phần mềm kyso trước khi gửi yêu cầu.",
    en: "The extension sent a request before the hello handshake with the kyso program.",
  },
  CANCELLED: { vi: "Thao tác đã bị hủy.", en: "The operation was cancelled." },
  INTERNAL_ERROR: { vi: "Lỗi nội bộ của kyso.", en: "Internal kyso error." },
  FILE_NOT_FOUND: { vi: "Không tìm thấy tệp.", en: "File not found." },
  FILE_UNREADABLE: { vi: "Không đọc được tệp.", en: "The file cannot be read." },
  OUTPUT_EXISTS: { vi: "Tệp kết quả đã tồn tại; kyso không ghi đè.", en: "The output file already exists; kyso does not overwrite it." },
  OUTPUT_UNWRITABLE: { vi: "Không ghi được tệp kết quả (thư mục không tồn tại hoặc không có quyền ghi).", en: "The output file cannot be written (its folder does not exist or is not writable)." },
  PDF_MALFORMED: { vi: "Tệp PDF bị hỏng hoặc không đúng định dạng.", en: "The PDF file is damaged or not a valid PDF." },
  PDF_ENCRYPTED: {
    vi: "Tệp PDF được mã hóa bằng phương thức kyso không mở được (ví dụ mã hóa theo chứng thư số).",
    en: "The PDF file is encrypted with a method kyso cannot open (for example certificate-based encryption).",
  },
  PDF_PASSWORD_REQUIRED: { vi: "Tệp PDF được bảo vệ bằng mật khẩu; hãy nhập mật khẩu để ký.", en: "The PDF file is password-protected; give its password to sign it." },
  PDF_PASSWORD_INCORRECT: { vi: "Mật khẩu mở tệp PDF không đúng.", en: "The PDF file's password is incorrect." },
  PDF_OWNER_PASSWORD_REQUIRED: {
    vi: "Quyền hạn của tệp PDF không cho phép ký; hãy dùng mật khẩu chủ sở hữu (owner password).",
    en: "The PDF file's permissions do not allow signing; use its owner password.",
  },
  PDF_UNSUPPORTED: { vi: "Tệp PDF dùng tính năng kyso chưa hỗ trợ.", en: "The PDF file uses a feature kyso does not support yet." },
  PKCS11_MODULE_UNAVAILABLE: {
    vi: "Không nạp được phần mềm điều khiển thiết bị ký số (PKCS#11). Kiểm tra đã cài phần mềm của nhà cung cấp token chưa.",
    en: "The signing token's driver (PKCS#11 module) cannot be loaded. Check that the token vendor's software is installed.",
  },
  TOKEN_ERROR: { vi: "Thiết bị ký số báo lỗi.", en: "The signing token reported an error." },
  KEY_PASSWORD_INCORRECT: { vi: "Mật khẩu của tệp khóa (.p12) không đúng.", en: "The password of the key file (.p12) is incorrect." },
  KEY_FILE_INVALID: {
    vi: "Không đọc được tệp khóa (.p12/.pfx): tệp bị hỏng, thiếu khóa hoặc chứng thư số, hoặc dùng kiểu mã hóa cũ.",
    en: "The key file (.p12/.pfx) cannot be read: it is damaged, has no key or certificate, or uses an old encryption scheme.",
  },
  CERTIFICATE_INVALID: { vi: "Chứng thư số của người ký không hợp lệ.", en: "The signer certificate is not a valid X.509 certificate." },
  KEY_UNSUPPORTED: { vi: "Loại khóa hoặc thuật toán ký này chưa được hỗ trợ.", en: "This key type or signature algorithm is not supported." },
  KEY_NOT_FOUND: {
    vi: "Không tìm thấy thiết bị ký số hoặc khóa/chứng thư số được chọn. Kiểm tra token đã được cắm vào máy.",
    en: "The selected signing token, key or certificate was not found. Check that the token is plugged in.",
  },
  PIN_REQUIRED: { vi: "Cần nhập mã PIN của thiết bị ký số.", en: "The signing token's PIN is required." },
  PIN_INCORRECT: { vi: "Mã PIN của thiết bị ký số không đúng.", en: "The signing token's PIN is incorrect." },
  PIN_LOCKED: {
    vi: "Mã PIN của thiết bị ký số đã bị khóa do nhập sai nhiều lần. Liên hệ tổ chức cung cấp dịch vụ chứng thực để mở khóa.",
    en: "The signing token's PIN is locked after too many wrong attempts. Contact the certificate provider to unlock it.",
  },
  TOKEN_REMOVED: {
    vi: "Thiết bị ký số đã bị rút ra; các văn bản còn lại chưa được ký.",
    en: "The signing token was removed; the remaining documents were not signed.",
  },
  TIMEOUT: {
    vi: "Hết thời gian chờ: thiết bị ký số hoặc dịch vụ ký không phản hồi.",
    en: "Timed out: the signing token or signing service did not answer in time.",
  },
  REMOTE_SERVICE_UNREACHABLE: {
    vi: "Không kết nối được dịch vụ ký số từ xa; kiểm tra kết nối mạng hoặc thử lại sau.",
    en: "The remote signing service cannot be reached; check the network connection or try again later.",
  },
  REMOTE_SIGNING_UNAUTHORIZED: {
    vi: "Dịch vụ ký số từ xa không chấp nhận thông tin đăng nhập của kyso (mã ứng dụng hoặc khóa bí mật); liên hệ bộ phận CNTT.",
    en: "The remote signing service did not accept kyso's sign-in (client id or secret); contact IT.",
  },
  REMOTE_SIGNING_ACCOUNT_UNKNOWN: {
    vi: "Dịch vụ ký số không tìm thấy thuê bao hoặc chứng thư số của người ký; liên hệ nhà cung cấp dịch vụ.",
    en: "The signing service does not know the signer's subscription or certificate; contact the service provider.",
  },
  REMOTE_SIGNING_REJECTED: { vi: "Yêu cầu ký đã bị từ chối trên điện thoại.", en: "The signing request was rejected on the phone." },
  REMOTE_SIGNING_EXPIRED: {
    vi: "Yêu cầu ký đã hết hạn trước khi được xác nhận trên điện thoại; hãy ký lại.",
    en: "The signing request expired before it was confirmed on the phone; sign again.",
  },
  REMOTE_SIGNING_FAILED: { vi: "Dịch vụ ký số từ xa báo lỗi hoặc trả lời không như mong đợi.", en: "The remote signing service reported an error or gave an unexpected answer." },
  SIGNATURE_PLACEHOLDER_TOO_SMALL: {
    vi: "Chữ ký số lớn hơn chỗ dành sẵn trong tệp; tệp kết quả không được tạo.",
    en: "The signature is larger than the space reserved in the file; no output was written.",
  },
  SIGNATURE_FIELD_NOT_FOUND: { vi: "Không tìm thấy ô chữ ký trong văn bản.", en: "The signature field was not found in the document." },
  CERTIFICATION_NOT_FIRST: {
    vi: "Văn bản đã có chữ ký; chữ ký chứng thực phải là chữ ký đầu tiên.",
    en: "The document is already signed; a certification signature must be the first one.",
  },
  TIMESTAMP_UNREACHABLE: { vi: "Không kết nối được máy chủ dấu thời gian.", en: "The timestamp server cannot be reached." },
  TIMESTAMP_REFUSED: { vi: "Máy chủ dấu thời gian từ chối yêu cầu.", en: "The timestamp server refused the request." },
  TIMESTAMP_RESPONSE_INVALID: { vi: "Phản hồi của máy chủ dấu thời gian không hợp lệ.", en: "The timestamp server's answer is not valid." },
  PDF_NOT_SIGNED: { vi: "Tệp PDF chưa có chữ ký số nào để bổ sung dữ liệu kiểm tra dài hạn.", en: "The PDF file has no signature to add long-term validation data to." },
  TIMESTAMP_REQUIRED: {
    vi: "Mức ký này cần dấu thời gian; hãy cấu hình máy chủ dấu thời gian (TSA).",
    en: "This signature level needs a timestamp; configure a timestamp server (TSA).",
  },
  CERTIFICATE_REVOKED: { vi: "Chứng thư số đã bị thu hồi.", en: "The certificate has been revoked." },
  CERTIFICATE_CHAIN_INCOMPLETE: {
    vi: "Không dựng được chuỗi chứng thư số đến chứng thư gốc (thiếu chứng thư của nhà cung cấp).",
    en: "The certificate chain to a root cannot be built (an issuing CA's certificate is missing).",
  },
  REVOCATION_UNAVAILABLE: {
    vi: "Không lấy được thông tin thu hồi (OCSP/CRL) của chứng thư số; kiểm tra kết nối mạng tới nhà cung cấp dịch vụ chứng thực.",
    en: "The certificate's revocation status (OCSP/CRL) cannot be obtained; check the network connection to the certification authority.",
  },
  SIGNATURE_FIELD_ALREADY_SIGNED: { vi: "Ô chữ ký này đã được ký.", en: "This signature field is already signed." },
  PDF_CHANGES_NOT_PERMITTED: {
    vi: "Văn bản đã được ký chứng thực và không cho phép thay đổi thêm (kể cả ký thêm).",
    en: "The document is certified and allows no further changes (not even another signature).",
  },
  HOST_INSTALL_FAILED: {
    vi: "Không đăng ký được phần mềm kyso với trình duyệt (không ghi được tệp hoặc khóa registry).",
    en: "kyso could not be registered with the browser (a file or registry key could not be written).",
  },
  AUDIT_LOG_TAMPERED: {
    vi: "Nhật ký ký số đã bị sửa, xóa hoặc đảo thứ tự dòng.",
    en: "The signing audit log has been edited, or lines were deleted or reordered.",
  },
  MAIL_CONFIG_INVALID: {
    vi: "Tài khoản thư công vụ chưa được thiết lập đủ hoặc có thiết lập không hợp lệ (nhóm thiết lập mail).",
    en: "The official mail account is not fully set up, or one of its settings is not valid (the mail settings).",
  },
  MAIL_SERVER_UNREACHABLE: {
    vi: "Không kết nối được máy chủ thư của cơ quan; thư được giữ trong hộp thư đi và sẽ gửi lại.",
    en: "The agency's mail server cannot be reached; the message stays in the outbox and will be sent again.",
  },
  MAIL_TLS_UNTRUSTED: {
    vi: "Không tin cậy được chứng thư số của máy chủ thư; kiểm tra chứng thư gốc (CA) của cơ quan trong cấu hình.",
    en: "The mail server's certificate is not trusted; check the agency CA certificate in the settings.",
  },
  MAIL_TLS_REQUIRED: {
    vi: "Máy chủ thư không hỗ trợ kết nối mã hóa (TLS); kyso không gửi mật khẩu hay thư qua kết nối không mã hóa.",
    en: "The mail server does not offer an encrypted (TLS) connection; kyso sends no password or mail without it.",
  },
  MAIL_AUTH_FAILED: { vi: "Tên đăng nhập hoặc mật khẩu thư điện tử không đúng.", en: "The mail user name or password is incorrect." },
  MAIL_RECIPIENT_REFUSED: { vi: "Máy chủ thư từ chối người nhận.", en: "The mail server refused a recipient." },
  MAIL_MESSAGE_REFUSED: { vi: "Máy chủ thư từ chối thư này.", en: "The mail server refused this message." },
  MAIL_SERVER_BUSY: {
    vi: "Máy chủ thư tạm thời chưa nhận thư; thư được giữ trong hộp thư đi và sẽ gửi lại.",
    en: "The mail server cannot take the message right now; it stays in the outbox and will be sent again.",
  },
  MAIL_SERVER_ERROR: { vi: "Máy chủ thư trả lời không như mong đợi.", en: "The mail server gave an unexpected answer." },
  MAIL_NEEDS_REVIEW: {
    vi: "Không chắc thư đã được gửi hay chưa (mất kết nối khi đang gửi); hãy kiểm tra rồi chọn gửi lại hoặc hủy.",
    en: "It is unknown whether the message was sent (the connection was lost while sending); check, then retry or cancel it.",
  },
  MAIL_SENT_FOLDER_NOT_FOUND: { vi: "Không tìm thấy thư mục \"Đã gửi\" trong hộp thư.", en: "The Sent folder was not found in the mailbox." },
  MAIL_OUTBOX_ENTRY_NOT_FOUND: { vi: "Không có thư này trong hộp thư đi.", en: "There is no such message in the outbox." },
  MAIL_OUTBOX_STATE: {
    vi: "Thư đang ở trạng thái không cho phép thao tác này.",
    en: "The message is in a state that does not allow this action.",
  },
  MAIL_ATTACHMENT_TOO_LARGE: { vi: "Tệp đính kèm quá lớn.", en: "The attachment is too large." },
  MAIL_CREDENTIALS_MISSING: {
    vi: "Chưa lưu mật khẩu của tài khoản thư công vụ trên máy này. Chạy: kyso mail login",
    en: "No password is stored for the official mail account on this computer. Run: kyso mail login",
  },
  MAIL_CREDENTIAL_STORE_FAILED: {
    vi: "Không đọc hoặc ghi được mật khẩu thư trong kho khóa của máy.",
    en: "The mail password could not be read from or written to this computer's keyring.",
  },
  ORIGIN_NOT_ALLOWED: {
    vi: "Trang này không nằm trong danh sách cổng thông tin được phép dùng kyso.",
    en: "This site is not one of the portals allowed to use kyso.",
  },
  URL_NOT_ALLOWED: {
    vi: "Địa chỉ văn bản hoặc nơi nhận tệp không thuộc trang này hay một cổng được phép.",
    en: "The document or upload address is neither on this site nor on an allowed portal.",
  },
  SIDECAR_UNAVAILABLE: {
    vi: "Không kết nối được phần mềm kyso trên máy. Hãy cài đặt kyso hoặc chạy lệnh kyso doctor.",
    en: "The kyso program on this computer cannot be reached. Install kyso or run kyso doctor.",
  },
  SIDECAR_OUTDATED: {
    vi: "Phần mềm kyso trên máy cần cập nhật để dùng với phiên bản tiện ích này.",
    en: "The kyso program on this computer must be updated to work with this extension version.",
  },
  OPERATION_IN_PROGRESS: {
    vi: "Trang này đang có một thao tác ký chưa xong; hãy hoàn tất hoặc hủy thao tác đó trước.",
    en: "This page already has a signing operation in progress; finish or cancel it first.",
  },
  DOCUMENT_FETCH_FAILED: { vi: "Không tải được văn bản từ cổng thông tin.", en: "The document could not be downloaded from the portal." },
  UPLOAD_FAILED: { vi: "Không gửi được tệp đã ký lên cổng thông tin.", en: "The signed file could not be uploaded to the portal." },
  NOT_AVAILABLE_YET: { vi: "Chức năng này chưa có trong phiên bản kyso hiện tại.", en: "This feature is not available in this kyso version yet." },
  CLI_USAGE: { vi: "Câu lệnh không đúng cú pháp.", en: "Wrong command syntax." },
};

export function errorMessage(code: ErrorCode, language: Language): string {
  return ERROR_MESSAGES[code][language];
}
