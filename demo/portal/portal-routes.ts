import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { batchPage, documentListPage, documentPage, incomingPage, legacyPluginPage, loginPage, PORTAL_PATHS, uploadsPage, type SigningPageConfig } from "./portal-pages.js";
import type { PortalSession, RequestIdentity, SessionStore } from "./portal-session.js";
import type { PortalDocument } from "./sample-documents.js";
import type { PortalUpload, SignedFileArchive } from "./signed-file-archive.js";
import { multipartFile, readLimitedBody, UploadRefusal } from "./upload-reception.js";

export interface PortalState {
  documents: readonly PortalDocument[];
  /** Bundled page scripts by served name (page-scripts/bundle-page-scripts.ts). */
  pageScripts: ReadonlyMap<string, Uint8Array>;
  sessions: SessionStore;
  archive: SignedFileArchive;
  uploadFieldName: string;
  maxUploadBytes: number;
  secureCookies: boolean;
}

const LEGACY_FIELD = "uploadfile";
/** The login form is tiny; anything bigger is not a login. */
const MAX_FORM_BYTES = 4096;

function send(response: ServerResponse, answer: { status: number; body: string | Uint8Array; headers: Record<string, string> }): void {
  response.writeHead(answer.status, { "cache-control": "no-store", ...answer.headers });
  response.end(answer.body);
}
const html = (response: ServerResponse, body: string, status = 200) => send(response, { status, body, headers: { "content-type": "text/html; charset=utf-8" } });
const json = (response: ServerResponse, body: unknown, status = 200) => send(response, { status, body: JSON.stringify(body), headers: { "content-type": "application/json; charset=utf-8" } });
const redirect = (response: ServerResponse, location: string, headers: Record<string, string> = {}) => send(response, { status: 303, body: "", headers: { location, ...headers } });

function signingConfig(documents: readonly PortalDocument[], session: PortalSession, state: PortalState): SigningPageConfig {
  const single = documents.length === 1 ? documents[0]!.id : undefined;
  return {
    documents: documents.map((d) => ({ id: d.id, url: PORTAL_PATHS.documentPdf(d.id), name: d.fileName, number: d.number, date: d.date })),
    legacyUploadUrl: PORTAL_PATHS.legacyUpload(single),
    pageApiUploadUrl: PORTAL_PATHS.pageApiUpload(single),
    uploadFieldName: state.uploadFieldName,
    jwtToken: session.bearerToken,
  };
}

async function login(request: IncomingMessage, response: ServerResponse, state: PortalState): Promise<void> {
  const form = new URLSearchParams((await readLimitedBody(request, MAX_FORM_BYTES)).toString("utf8"));
  const session = state.sessions.login(form.get("tai_khoan") ?? "", form.get("mat_khau") ?? "");
  if (!session) return html(response, loginPage("Sai tài khoản hoặc mật khẩu."), 401);
  redirect(response, "/", { "set-cookie": state.sessions.cookieHeader(session, state.secureCookies) });
}

/** One upload route: legacy (FileUploadHandler, field uploadfile, VGCA-style answer) or page API. */
async function upload(request: IncomingMessage, response: ServerResponse, context: { state: PortalState; identity: RequestIdentity; via: PortalUpload["via"] }): Promise<void> {
  const { state, identity, via } = context;
  const legacy = via === "legacy";
  const fieldName = legacy ? LEGACY_FIELD : state.uploadFieldName;
  try {
    if (!identity.session) throw new UploadRefusal(401, "UNAUTHENTICATED", "Phiên đăng nhập không hợp lệ hoặc đã hết hạn.");
    const documentId = new URL(request.url ?? "/", "http://portal.invalid").searchParams.get("id") ?? undefined;
    if (documentId !== undefined && !state.documents.some((d) => d.id === documentId)) throw new UploadRefusal(404, "UNKNOWN_DOCUMENT", "Không có văn bản này trên cổng.");
    const body = await readLimitedBody(request, state.maxUploadBytes);
    const file = await multipartFile(request.headers["content-type"], body, fieldName);
    const stored = await state.archive.accept(file, {
      via,
      fieldName,
      ...(documentId ? { documentId } : {}),
      account: identity.session.account,
      auth: { byCookie: identity.byCookie, byBearer: identity.byBearer },
    });
    const fileServer = PORTAL_PATHS.signedFile(stored.id);
    if (legacy) json(response, { Status: true, Message: "Đã nhận và kiểm tra tệp đã ký.", FileName: stored.fileName, FileServer: fileServer, Verification: stored.verification });
    else json(response, { ok: true, id: stored.id, fileName: stored.fileName, url: fileServer, verification: stored.verification });
  } catch (error) {
    if (!(error instanceof UploadRefusal)) throw error;
    if (legacy) json(response, { Status: false, Message: error.message, Code: error.code }, error.status);
    else json(response, { ok: false, code: error.code, message: error.message }, error.status);
  }
}

function pdf(response: ServerResponse, bytes: Uint8Array, fileName: string): void {
  send(response, { status: 200, body: bytes, headers: { "content-type": "application/pdf", "content-disposition": `inline; filename="${fileName.replace(/[^\w.-]/g, "_")}"` } });
}

async function signedInRoute(request: IncomingMessage, response: ServerResponse, context: { state: PortalState; session: PortalSession; path: string }): Promise<void> {
  const { state, session, path } = context;
  const { documents, archive } = state;
  const documentById = (id: string) => documents.find((d) => d.id === decodeURIComponent(id));
  let match: RegExpExecArray | null;
  if (path === "/") return html(response, documentListPage(session, documents));
  if (path === "/van-ban-den") return html(response, incomingPage(session, documents, archive.list()));
  if (path === "/tep-da-ky") return html(response, uploadsPage(session, documents, archive.list()));
  if (path === "/api/tep-da-ky") return json(response, archive.list().map((upload) => ({ ...upload, path: undefined })));
  if (path === "/ky-hang-loat") {
    const outgoing = documents.filter((d) => d.kind === "outgoing");
    return html(response, batchPage(session, documents, signingConfig(outgoing, session, state)));
  }
  if ((match = /^\/tep\/([^/]+)\.pdf$/.exec(path))) {
    const document = documentById(match[1]!);
    return document ? pdf(response, document.bytes, document.fileName) : json(response, { code: "UNKNOWN_DOCUMENT", message: "Không có văn bản này." }, 404);
  }
  if ((match = /^\/tep-da-ky\/([^/]+)\.pdf$/.exec(path))) {
    const stored = archive.find(decodeURIComponent(match[1]!));
    return stored ? pdf(response, await readFile(stored.path), stored.fileName) : json(response, { code: "UNKNOWN_DOCUMENT", message: "Không có tệp này." }, 404);
  }
  if ((match = /^\/van-ban\/([^/]+)(\/plugin-cu)?$/.exec(path))) {
    const document = documentById(match[1]!);
    if (!document) return html(response, "<p>Không có văn bản này.</p>", 404);
    const page = match[2] ? legacyPluginPage : documentPage;
    return html(response, page(session, document, signingConfig([document], session, state)));
  }
  html(response, "<p>Không có trang này.</p>", 404);
}

/** The portal's one request handler. Everything but the login page and the page scripts needs a session. */
export async function handlePortalRequest(request: IncomingMessage, response: ServerResponse, state: PortalState): Promise<void> {
  const path = new URL(request.url ?? "/", "http://portal.invalid").pathname;
  const method = request.method ?? "GET";
  if (path === "/dang-nhap") return method === "POST" ? login(request, response, state) : html(response, loginPage());
  if (path === "/dang-xuat" && method === "POST") {
    state.sessions.logout(request);
    return redirect(response, "/dang-nhap");
  }
  const script = state.pageScripts.get(/^\/js\/([\w.-]+)$/.exec(path)?.[1] ?? "");
  if (script) return send(response, { status: 200, body: script, headers: { "content-type": "text/javascript; charset=utf-8" } });
  const identity = state.sessions.identify(request);
  if (method === "POST" && path === "/FileUploadHandler.aspx") return upload(request, response, { state, identity, via: "legacy" });
  if (method === "POST" && path === "/api/tep-da-ky") return upload(request, response, { state, identity, via: "page-api" });
  if (!identity.session) {
    const wantsPage = method === "GET" && !path.startsWith("/tep") && !path.startsWith("/api/");
    return wantsPage ? redirect(response, "/dang-nhap") : json(response, { code: "UNAUTHENTICATED", message: "Cần đăng nhập để xem văn bản." }, 401);
  }
  return signedInRoute(request, response, { state, session: identity.session, path });
}
