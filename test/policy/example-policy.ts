/**
 * An IT policy that exercises every kind of value the templates must carry: lists of
 * objects, multi-line and Vietnamese text, PEM, integers, booleans, nested groups.
 * No Linux PKCS#11 modules and no syslog host: while an e2e test has this policy in
 * /etc/chromium/policies/managed, native hosts other suites start read it (sidecar/config).
 */
export const EXAMPLE_POLICY = {
  portals: [
    { origin: "https://vanban.gialai.gov.vn", name: "Quản lý văn bản tỉnh Gia Lai", legacyApi: true, pdfSelectors: ["a.file-pdf", "iframe#xem-van-ban"], uploadOrigins: ["https://luutru.gialai.gov.vn"] },
    { origin: "https://motcua.gialai.gov.vn:8443", name: "Một cửa điện tử" },
  ],
  signing: { level: "B-LT", tsaUrl: "http://tsa.ca.gov.vn/tsa", hash: "SHA-384", requireTimestamp: false },
  appearance: { organisation: "UBND tỉnh Gia Lai", infoFontSizePt: 11, infoColor: "#C00000" },
  trust: { anchorsPem: ["-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUEXAMPLE\n-----END CERTIFICATE-----\n"], failMode: "hard" },
  keys: { pkcs11ModulesWindows: ["C:\\Windows\\System32\\vnpt-ca_v34.dll"] },
  mail: {
    smtp: { host: "mail.gialai.gov.vn", port: 465, tls: "implicit" },
    imap: { host: "mail.gialai.gov.vn" },
    addressBook: [{ name: "Văn phòng UBND tỉnh", address: "vanphong@gialai.gov.vn" }],
    bodyTemplate: "Kính gửi: {{recipient}}\r\nVăn bản số {{documentNumber}} — \"khẩn\".",
  },
  audit: { syslogPort: 6514, syslogProtocol: "tcp" },
  ui: { language: "en" },
};
