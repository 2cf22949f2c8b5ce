import { escapeHtml, layout, pageConfig } from "./page-layout.js";
import type { PortalSession } from "./portal-session.js";
import type { PortalDocument } from "./sample-documents.js";
import type { PortalUpload } from "./signed-file-archive.js";

/** URLs of the portal, in one place: pages link them, the server routes them, tests call them. */
export const PORTAL_PATHS = {
  document: (id: string) => `/van-ban/${encodeURIComponent(id)}`,
  documentPdf: (id: string) => `/tep/${encodeURIComponent(id)}.pdf`,
  legacyPluginPage: (id: string) => `/van-ban/${encodeURIComponent(id)}/plugin-cu`,
  /** The legacy FileUploadHandler (multipart field "uploadfile"), as the CA's samples name it. */
  legacyUpload: (id?: string) => `/FileUploadHandler.aspx${id ? `?id=${encodeURIComponent(id)}` : ""}`,
  /** Where window.kyso uploads (field name configurable). */
  pageApiUpload: (id?: string) => `/api/tep-da-ky${id ? `?id=${encodeURIComponent(id)}` : ""}`,
  signedFile: (uploadId: string) => `/tep-da-ky/${encodeURIComponent(uploadId)}.pdf`,
} as const;

const dateText = (iso: string) => iso.split("-").reverse().join("/");

function documentTable(documents: readonly PortalDocument[], selectable = false): string {
  const rows = documents.map((document) =>
    `<tr>${selectable ? `<td><input type="checkbox" name="chon" value="${escapeHtml(document.id)}" checked></td>` : ""}` +
    `<td>${escapeHtml(document.number)}</td><td>${dateText(document.date)}</td>` +
    `<td><a href="${PORTAL_PATHS.document(document.id)}">${escapeHtml(document.title)}</a></td><td>${escapeHtml(document.from)}</td><td>${document.pageCount}</td></tr>`,
  );
  return `<table><thead><tr>${selectable ? "<th></th>" : ""}<th>Số, ký hiệu</th><th>Ngày</th><th>Trích yếu</th><th>Đơn vị</th><th>Số trang</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

export function documentListPage(session: PortalSession, documents: readonly PortalDocument[]): string {
  return layout({ title: "Văn bản đi", session, body: documentTable(documents.filter((d) => d.kind === "outgoing")) });
}

function verificationText(upload: PortalUpload): string {
  const css = upload.verification.indication === "TOTAL_PASSED" ? "hop-le" : upload.verification.indication === "TOTAL_FAILED" ? "khong-hop-le" : "";
  const verdict = { TOTAL_PASSED: "Hợp lệ", TOTAL_FAILED: "Không hợp lệ", INDETERMINATE: "Chưa xác định" }[upload.verification.indication];
  const signers = upload.verification.signatures.map((s) => escapeHtml(s.signer)).join(", ");
  return `<span class="${css}">${verdict}</span> — ${signers}`;
}

function uploadTable(uploads: readonly PortalUpload[], documents: readonly PortalDocument[]): string {
  if (uploads.length === 0) return "<p>Chưa có tệp đã ký nào.</p>";
  const rows = uploads.map((upload) => {
    const document = documents.find((d) => d.id === upload.documentId);
    return `<tr data-upload="${escapeHtml(upload.id)}"><td>${escapeHtml(upload.receivedAt)}</td><td>${escapeHtml(document?.number ?? "")}</td>` +
      `<td><a href="${PORTAL_PATHS.signedFile(upload.id)}">${escapeHtml(upload.fileName)}</a></td><td>${upload.via === "legacy" ? "plugin cũ (vgca)" : "window.kyso"}</td><td>${verificationText(upload)}</td></tr>`;
  });
  return `<table><thead><tr><th>Thời gian nhận</th><th>Văn bản</th><th>Tệp</th><th>Cách ký</th><th>Kiểm tra chữ ký số</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

export function incomingPage(session: PortalSession, documents: readonly PortalDocument[], uploads: readonly PortalUpload[]): string {
  const body = documentTable(documents.filter((d) => d.kind === "incoming")) + "<h3>Tệp đã ký nhận được (đã kiểm tra chữ ký số)</h3>" + uploadTable(uploads, documents);
  return layout({ title: "Văn bản đến", session, body });
}

export function uploadsPage(session: PortalSession, documents: readonly PortalDocument[], uploads: readonly PortalUpload[]): string {
  return layout({ title: "Tệp đã ký", session, body: uploadTable(uploads, documents) });
}

/** What the page scripts need: document URLs, upload targets, the session's token for the legacy plugin. */
export interface SigningPageConfig {
  documents: Array<{ id: string; url: string; name: string; number: string; date: string }>;
  legacyUploadUrl: string;
  pageApiUploadUrl: string;
  uploadFieldName: string;
  jwtToken: string;
}

const LEGACY_BUTTONS: Array<[string, string]> = [
  ["vgca_sign_approved", "Ký phê duyệt"],
  ["vgca_sign_issued", "Ký phát hành (đóng dấu)"],
  ["vgca_sign_copy", "Ký sao y"],
  ["vgca_sign_appendix", "Ký văn bản kèm theo"],
  ["vgca_sign_income", "Ký số văn bản đến"],
  ["vgca_comment", "Ký ý kiến"],
];

const PAGE_API_BUTTONS: Array<[string, string]> = [
  ["approval", "Ký phê duyệt"],
  ["issuing", "Ký phát hành (đóng dấu)"],
  ["copy", "Ký sao y"],
  ["attachment", "Ký văn bản kèm theo"],
  ["incoming", "Ký số văn bản đến"],
  ["comment", "Ký ý kiến"],
];

const resultArea = `<h3>Kết quả</h3><pre id="ket-qua" data-state="idle"></pre>`;

export function documentPage(session: PortalSession, document: PortalDocument, config: SigningPageConfig): string {
  const pdf = PORTAL_PATHS.documentPdf(document.id);
  const body =
    `<p><b>${escapeHtml(document.number)}</b> — ngày ${dateText(document.date)} — ${escapeHtml(document.from)} — ${document.pageCount} trang</p>` +
    `<embed type="application/pdf" src="${pdf}"><p><a href="${pdf}" id="tai-van-ban">Tải văn bản (PDF)</a> · <a href="${PORTAL_PATHS.legacyPluginPage(document.id)}">Trang dùng plugin ký số cũ</a></p>` +
    `<h3>Ký số bằng kyso (window.kyso.sign)</h3><div class="buttons">${PAGE_API_BUTTONS.map(([profile, label]) => `<button type="button" data-kyso-profile="${profile}">${label}</button>`).join("")}</div>` +
    `<h3>Ký số như các cổng đang làm (vgca_*)</h3><div class="buttons">${LEGACY_BUTTONS.map(([name, label]) => `<button type="button" data-vgca="${name}">${label}</button>`).join("")}</div>` +
    resultArea + pageConfig(config);
  return layout({ title: document.title, session, body, scripts: ["/js/portal-page-api.js", "/js/portal-legacy-calls.js"] });
}

/** The same calls, with the CA's plugin script-alike loaded: every vgca_* opens a WebSocket to 127.0.0.1:8987. */
export function legacyPluginPage(session: PortalSession, document: PortalDocument, config: SigningPageConfig): string {
  const pdf = PORTAL_PATHS.documentPdf(document.id);
  const body =
    `<p>Trang này nạp tập lệnh plugin ký số kiểu cũ (<code>/js/ca-plugin-alike.js</code>): mỗi lệnh mở một WebSocket tới <code>wss://127.0.0.1:8987/&lt;Method&gt;</code>.</p>` +
    `<p><b>${escapeHtml(document.number)}</b> — <a href="${pdf}">Tải văn bản (PDF)</a></p><iframe src="${pdf}" style="width:100%;height:420px" title="Văn bản"></iframe>` +
    `<div class="buttons">${LEGACY_BUTTONS.map(([name, label]) => `<button type="button" data-vgca="${name}">${label}</button>`).join("")}<button type="button" data-vgca="vgca_verify_pdf">Kiểm tra chữ ký số</button></div>` +
    resultArea + pageConfig(config);
  return layout({ title: `${document.title} (plugin cũ)`, session, body, scripts: ["/js/ca-plugin-alike.js", "/js/portal-legacy-calls.js"] });
}

export function batchPage(session: PortalSession, documents: readonly PortalDocument[], config: SigningPageConfig): string {
  const body =
    documentTable(documents.filter((d) => d.kind === "outgoing"), true) +
    `<div class="buttons"><button type="button" data-kyso-batch="approval">Ký hàng loạt (window.kyso)</button><button type="button" data-vgca="vgca_sign_files">Ký hàng loạt (vgca_sign_files)</button></div>` +
    resultArea + pageConfig(config);
  return layout({ title: "Ký hàng loạt", session, body, scripts: ["/js/portal-page-api.js", "/js/portal-legacy-calls.js"] });
}

export function loginPage(message?: string): string {
  const body =
    (message ? `<p class="khong-hop-le">${escapeHtml(message)}</p>` : "") +
    `<form method="post" action="/dang-nhap"><p><label>Tài khoản <input name="tai_khoan" value="vanthu"></label></p>` +
    `<p><label>Mật khẩu <input name="mat_khau" type="password" value="demo"></label></p><p><button type="submit" name="dang_nhap">Đăng nhập</button></p>` +
    `<p><small>Tài khoản thử: lanhdao / demo (lãnh đạo), vanthu / demo (văn thư).</small></p></form>`;
  return layout({ title: "Đăng nhập", body });
}
