import type { ObjectSpec, ValueOf } from "./setting-spec.js";

const ORIGIN_PATTERN = "^https://[a-z0-9.-]+(:[0-9]{1,5})?$";
// An empty URL means "not set": the pattern says so, because Chromium checks every policy value
// against the managed schema and drops one that does not match (templates carry every setting).
const HTTP_URL_PATTERN = "^(https?://.+)?$";
const d = (vi: string, en: string) => ({ vi, en });

// The TLS default follows the port: 587 is submission with STARTTLS (RFC 6409), 993 is IMAP over TLS from the first byte (RFC 8314).
const server = (what: string, defaultPort: number, defaultTls: "starttls" | "implicit") =>
  ({
    kind: "object",
    description: d(`Máy chủ ${what}`, `${what} server`),
    properties: {
      host: { kind: "string", default: "", maxLength: 253, description: d("Tên máy chủ", "Host name") },
      port: { kind: "integer", default: defaultPort, minimum: 1, maximum: 65535, description: d("Cổng", "Port") },
      tls: { kind: "string", enum: ["starttls", "implicit"], default: defaultTls, description: d("Mã hóa: STARTTLS hoặc TLS ngay từ đầu", "Encryption: STARTTLS or implicit TLS") },
    },
  }) as const satisfies ObjectSpec;

/**
 * Every kyso setting, once (issue "Rollout by IT"). IT sets them by browser policy
 * (storage.managed) or the machine configuration file; whatever is not set takes the default.
 */
export const SETTINGS = {
  kind: "object",
  description: d("Cấu hình kyso", "kyso settings"),
  properties: {
    portals: {
      kind: "array",
      maxItems: 200,
      description: d("Các cổng thông tin được dùng kyso", "Portals allowed to use kyso"),
      items: {
        kind: "object",
        description: d("Một cổng thông tin", "One portal"),
        properties: {
          origin: { kind: "string", pattern: ORIGIN_PATTERN, default: "", maxLength: 300, description: d("Địa chỉ gốc (https://…)", "Origin (https://…)") },
          name: { kind: "string", default: "", maxLength: 200, description: d("Tên hiển thị trong cửa sổ xác nhận", "Name shown in the confirmation window") },
          legacyApi: { kind: "boolean", default: false, description: d("Cho phép các lệnh vgca_* của plugin cũ", "Allow the legacy plugin's vgca_* calls") },
          pdfSelectors: {
            kind: "array", maxItems: 20,
            description: d("Bộ chọn CSS của liên kết/khung PDF trên trang", "CSS selectors of PDF links/frames on the page"),
            items: { kind: "string", default: "", maxLength: 500, description: d("Bộ chọn CSS", "CSS selector") },
          },
          uploadOrigins: {
            kind: "array", maxItems: 20,
            description: d("Địa chỉ khác được phép nhận tệp đã ký", "Other origins allowed to receive signed files"),
            items: { kind: "string", pattern: ORIGIN_PATTERN, default: "", maxLength: 300, description: d("Địa chỉ gốc", "Origin") },
          },
          // The CA plugin's local service as the portal's own script addresses it; kyso answers those WebSockets in the page (extension/page/legacy).
          legacyEndpoints: {
            kind: "array", maxItems: 20,
            description: d("Địa chỉ dịch vụ ký cũ (máy:cổng) mà kyso trả lời thay khi legacyApi bật; để trống: 127.0.0.1:8987 và localhost:8987", "Legacy signing service addresses (host:port) kyso answers for when legacyApi is on; empty: 127.0.0.1:8987 and localhost:8987"),
            items: { kind: "string", pattern: "^[A-Za-z0-9.\\[\\]:-]+:[0-9]{1,5}$", default: "", maxLength: 300, description: d("máy:cổng", "host:port") },
          },
        },
      },
    },
    signing: {
      kind: "object",
      description: d("Ký số", "Signing"),
      properties: {
        level: { kind: "string", enum: ["B-B", "B-T", "B-LT", "B-LTA"], default: "B-T", description: d("Mức PAdES", "PAdES level") },
        tsaUrl: { kind: "string", pattern: HTTP_URL_PATTERN, default: "", maxLength: 500, description: d("Máy chủ dấu thời gian (RFC 3161)", "Timestamp server (RFC 3161)") },
        hash: { kind: "string", enum: ["SHA-256", "SHA-384", "SHA-512"], default: "SHA-256", description: d("Hàm băm", "Hash") },
        rsaPadding: { kind: "string", enum: ["pkcs1", "pss"], default: "pkcs1", description: d("Kiểu chữ ký RSA", "RSA signature scheme") },
        defaultProfile: {
          kind: "string", enum: ["approval", "issuing", "copy", "attachment", "comment", "incoming", "invisible"], default: "approval",
          description: d("Mẫu hiển thị mặc định (Nghị định 30)", "Default display profile (Decree 30)"),
        },
        requireTimestamp: { kind: "boolean", default: true, description: d("Không ký khi không lấy được dấu thời gian", "Refuse to sign without a timestamp") },
      },
    },
    appearance: {
      kind: "object",
      description: d("Hình thức chữ ký", "Signature appearance"),
      properties: {
        organisation: { kind: "string", default: "", maxLength: 300, description: d("Tên cơ quan", "Organisation name") },
        sealImagePng: { kind: "string", default: "", maxLength: 2_000_000, description: d("Ảnh con dấu (PNG, base64)", "Seal image (PNG, base64)") },
        infoFontSizePt: { kind: "integer", default: 10, minimum: 6, maximum: 20, description: d("Cỡ chữ khối thông tin (pt)", "Information block font size (pt)") },
        infoColor: { kind: "string", pattern: "^#[0-9A-Fa-f]{6}$", default: "#0000FF", description: d("Màu chữ khối thông tin", "Information block text colour") },
      },
    },
    trust: {
      kind: "object",
      description: d("Tin cậy và thu hồi", "Trust and revocation"),
      properties: {
        anchorsPem: {
          kind: "array", maxItems: 50,
          description: d("Chứng thư gốc tin cậy (PEM)", "Trusted root certificates (PEM)"),
          items: { kind: "string", default: "", maxLength: 20_000, description: d("Một chứng thư PEM", "One PEM certificate") },
        },
        revocation: { kind: "string", enum: ["online", "offline"], default: "online", description: d("Kiểm tra thu hồi trực tuyến", "Online revocation checking") },
        failMode: { kind: "string", enum: ["hard", "soft"], default: "soft", description: d("Không kiểm tra được thu hồi thì: từ chối (hard) hoặc cảnh báo (soft)", "When revocation cannot be checked: fail (hard) or warn (soft)") },
      },
    },
    keys: {
      kind: "object",
      description: d("Thiết bị và dịch vụ ký", "Signing devices and services"),
      properties: {
        pkcs11ModulesLinux: { kind: "array", maxItems: 20, description: d("Thư viện PKCS#11 trên Linux", "PKCS#11 modules on Linux"), items: { kind: "string", default: "", maxLength: 500, description: d("Đường dẫn", "Path") } },
        pkcs11ModulesWindows: { kind: "array", maxItems: 20, description: d("Thư viện PKCS#11 trên Windows", "PKCS#11 modules on Windows"), items: { kind: "string", default: "", maxLength: 500, description: d("Đường dẫn", "Path") } },
        pkcs11ModulesMacos: { kind: "array", maxItems: 20, description: d("Thư viện PKCS#11 trên macOS", "PKCS#11 modules on macOS"), items: { kind: "string", default: "", maxLength: 500, description: d("Đường dẫn", "Path") } },
        remoteSigningUrl: { kind: "string", pattern: HTTP_URL_PATTERN, default: "", maxLength: 500, description: d("Dịch vụ ký từ xa (CSC API v2)", "Remote signing service (CSC API v2)") },
        // The rest of the CSC settings (sidecar/keys/csc); the client secret stays out of policy (host config clientSecretFile, or KYSO_CSC_CLIENT_SECRET).
        remoteSigningName: { kind: "string", default: "", maxLength: 255, description: d("Tên dịch vụ ký từ xa hiển thị cho người dùng", "Remote signing service name shown to users") },
        remoteSigningClientId: { kind: "string", default: "", maxLength: 500, description: d("Mã ứng dụng (client_id) của cơ quan tại dịch vụ ký từ xa", "The agency's client id at the remote signing service") },
        remoteSigningTimeoutSeconds: { kind: "integer", default: 180, minimum: 10, maximum: 600, description: d("Thời gian chờ xác nhận ký từ xa trên điện thoại (giây)", "Time to approve remote signing on the phone (seconds)") },
        mobileSignatureUrl: { kind: "string", pattern: HTTP_URL_PATTERN, default: "", maxLength: 500, description: d("Dịch vụ ký bằng SIM PKI (ETSI TS 102 204)", "PKI SIM signature service (ETSI TS 102 204)") },
        // The rest of the PKI SIM settings (sidecar/keys/mss/mss-config.ts); the AP password is a secret and stays out of policy (KYSO_MSS_AP_PASSWORD).
        mobileSignatureApId: { kind: "string", default: "", maxLength: 500, description: d("Mã ứng dụng (AP_ID) của cơ quan tại dịch vụ SIM PKI", "The agency's application id (AP_ID) at the PKI SIM service") },
        mobileSignatureProfile: { kind: "string", default: "", maxLength: 500, description: d("Hồ sơ chữ ký (SignatureProfile) dịch vụ SIM PKI yêu cầu", "Signature profile (SignatureProfile) the PKI SIM service requires") },
        mobileSignatureTimeoutSeconds: { kind: "integer", default: 120, minimum: 10, maximum: 600, description: d("Thời gian chờ xác nhận trên điện thoại (giây)", "Time to confirm on the phone (seconds)") },
        mobileSignatureCertificateDir: { kind: "string", default: "", maxLength: 500, description: d("Thư mục chứng thư số của các thuê bao SIM PKI (<số điện thoại>.pem)", "Folder of the PKI SIM subscribers' certificates (<MSISDN>.pem)") },
        // `kyso sign` without --key signs with kyso's self-signed demo key (sidecar/keys/demo-key.ts) and says so; IT turns it off.
        allowDemoKey: { kind: "boolean", default: true, description: d("Cho phép kyso sign dùng khóa demo khi không có --key (tắt trên máy triển khai thật)", "Let kyso sign use the demo key when no --key is given (turn off on production machines)") },
      },
    },
    mail: {
      kind: "object",
      description: d("Thư công vụ", "Official mail"),
      properties: {
        // Each person's own mailbox (sidecar/config/mail-account-from-settings.ts): policy normally leaves these empty and the person's kyso config file sets them.
        address: {
          kind: "string", pattern: "^([^@\\s]+@[^@\\s]+)?$", default: "", maxLength: 320,
          description: d("Địa chỉ thư của người gửi; của từng người: chính sách thường để trống, đặt trong tệp cấu hình kyso của người dùng", "The sender's mail address; each person's own: policy usually leaves it empty and the user's kyso config file sets it"),
        },
        displayName: {
          kind: "string", default: "", maxLength: 200,
          description: d("Tên người gửi hiển thị; của từng người, như địa chỉ thư", "The sender's display name; each person's own, like the address"),
        },
        user: {
          kind: "string", default: "", maxLength: 320,
          description: d("Tên đăng nhập máy chủ thư; để trống: địa chỉ thư; của từng người, như địa chỉ thư", "Mail server login name; empty: the mail address; each person's own, like the address"),
        },
        smtp: server("SMTP", 587, "starttls"),
        imap: server("IMAP", 993, "implicit"),
        auth: {
          kind: "string", enum: ["plain", "login", "xoauth2"], default: "plain",
          description: d("Cách xác thực: plain hoặc login dùng mật khẩu, xoauth2 dùng mã truy cập OAuth 2.0 (lưu bằng kyso mail login, không bao giờ trong chính sách)", "Authentication: plain or login with a password, xoauth2 with an OAuth 2.0 access token (stored by kyso mail login, never in policy)"),
        },
        caPem: { kind: "string", default: "", maxLength: 50_000, description: d("Chứng thư CA của máy chủ thư (PEM); để trống: kho chứng thư của hệ thống", "Mail servers' CA certificate (PEM); empty: the system's certificate store") },
        sentCopy: { kind: "string", enum: ["append", "server"], default: "append", description: d("Lưu bản sao vào Thư đã gửi: kyso lưu, hoặc máy chủ tự lưu", "Copy to Sent: kyso appends it, or the server files it") },
        sentMailbox: { kind: "string", default: "", maxLength: 500, description: d("Thư mục Thư đã gửi trên máy chủ IMAP; để trống: kyso tự tìm (\\Sent, \"Đã gửi\", \"Sent\")", "Sent folder on the IMAP server; empty: kyso finds it (\\Sent, \"Đã gửi\", \"Sent\")") },
        smime: { kind: "boolean", default: false, description: d("Ký thư bằng S/MIME", "Sign mail with S/MIME") },
        addressBook: {
          kind: "array", maxItems: 5000,
          description: d("Sổ địa chỉ các đơn vị", "Address book of agency units"),
          items: {
            kind: "object", description: d("Một địa chỉ", "One address"),
            properties: {
              name: { kind: "string", default: "", maxLength: 300, description: d("Tên đơn vị/người nhận", "Unit or person") },
              address: { kind: "string", pattern: "^[^@\\s]+@[^@\\s]+$", default: "", maxLength: 320, description: d("Địa chỉ thư", "Mail address") },
            },
          },
        },
        bodyTemplate: { kind: "string", default: "Kính gửi: {{recipient}}\n\nXin gửi văn bản {{documentNumber}} đính kèm.", maxLength: 10_000, description: d("Mẫu nội dung thư", "Mail body template") },
      },
    },
    audit: {
      kind: "object",
      description: d("Nhật ký kiểm toán", "Audit log"),
      properties: {
        syslogHost: { kind: "string", default: "", maxLength: 253, description: d("Máy chủ syslog nhận nhật ký", "Syslog server receiving the log") },
        syslogPort: { kind: "integer", default: 514, minimum: 1, maximum: 65535, description: d("Cổng syslog", "Syslog port") },
        syslogProtocol: { kind: "string", enum: ["udp", "tcp"], default: "udp", description: d("Giao thức syslog", "Syslog protocol") },
      },
    },
    ui: {
      kind: "object",
      description: d("Giao diện", "User interface"),
      properties: {
        language: { kind: "string", enum: ["vi", "en"], default: "vi", description: d("Ngôn ngữ", "Language") },
      },
    },
  },
} as const satisfies ObjectSpec;

/** The settings kyso runs with, inferred from SETTINGS. */
export type KysoSettings = ValueOf<typeof SETTINGS>;
