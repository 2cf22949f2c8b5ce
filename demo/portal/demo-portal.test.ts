import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPkcs12Signer } from "../../sidecar/keys/pkcs12-signer.js";
import { signPdfFile } from "../../sidecar/pdf-files/sign-pdf-file.js";
import { PKCS12_PASSWORD } from "../../test/pki/test-pki.js";
import { testServices } from "../../test/setup/test-services.js";
import { startDemoPortal, type DemoPortal } from "./demo-portal.js";

const { pki } = testServices();
const MAX_UPLOAD_BYTES = 256 * 1024;
let portal: DemoPortal;
let cookie: string;
let scratch: string;
let unsignedPdf: Uint8Array;
let signedPdf: Uint8Array;

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${portal.url}${path}`, { headers, redirect: "manual" });

function multipart(field: string, bytes: Uint8Array, name = "cv-12.pdf"): FormData {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(bytes)], { type: "application/pdf" }), name);
  return form;
}

const post = (path: string, body: FormData | string, headers: Record<string, string> = { cookie }) => fetch(`${portal.url}${path}`, { method: "POST", body, headers });

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-portal-test-"));
  portal = await startDemoPortal({ trustAnchorsPem: [await readFile(pki.rootCa.certPemFile, "utf8")], maxUploadBytes: MAX_UPLOAD_BYTES, batchDocuments: 2 });
  cookie = await portal.login();
  unsignedPdf = new Uint8Array(await (await get("/tep/cv-12.pdf", { cookie })).arrayBuffer());
  await writeFile(join(scratch, "in.pdf"), unsignedPdf);
  const signer = await loadPkcs12Signer({ p12: new Uint8Array(await readFile(pki.entities.signerRsa2048.p12File)), password: PKCS12_PASSWORD });
  await signPdfFile({ inputPath: join(scratch, "in.pdf"), outputPath: join(scratch, "signed.pdf"), signer, signingTime: new Date() });
  signedPdf = new Uint8Array(await readFile(join(scratch, "signed.pdf")));
}, 120_000);

afterAll(async () => {
  await portal.close();
  await rm(scratch, { recursive: true, force: true });
});

describe("demo portal: pages and session", () => {
  it("sends a visitor without a session to the login page, and refuses documents without the cookie", async () => {
    const page = await get("/");
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/dang-nhap");
    const pdf = await get("/tep/cv-12.pdf");
    expect(pdf.status).toBe(401);
    expect(await pdf.json()).toEqual({ code: "UNAUTHENTICATED", message: "Cần đăng nhập để xem văn bản." });
  });

  it("signs in with the login form (HttpOnly session cookie) and refuses a wrong password", async () => {
    const wrong = await post("/dang-nhap", new URLSearchParams({ tai_khoan: "vanthu", mat_khau: "sai" }).toString(), { "content-type": "application/x-www-form-urlencoded" });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${portal.url}/dang-nhap`, { method: "POST", body: new URLSearchParams({ tai_khoan: "lanhdao", mat_khau: "demo" }), redirect: "manual" });
    expect(right.status).toBe(303);
    expect(right.headers.get("set-cookie")).toMatch(/^kyso_demo_session=[0-9a-f]{48}; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it("serves a document with the session: a PDF with the requested pages", async () => {
    const response = await get("/tep/qd-45.pdf", { cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    const text = Buffer.from(await response.arrayBuffer()).toString("latin1");
    expect(text.startsWith("%PDF-")).toBe(true);
    expect(text.match(/\/Type \/Page\b/g)).toHaveLength(3);
  });

  it("lists outgoing documents (Văn bản đi) and incoming documents (Văn bản đến)", async () => {
    const outgoing = await (await get("/", { cookie })).text();
    expect(outgoing).toContain("12/UBND-VP");
    expect(outgoing).toContain("07/TTr-STTTT");
    expect(outgoing).not.toContain("156/SNV-CCVC");
    const incoming = await (await get("/van-ban-den", { cookie })).text();
    expect(incoming).toContain("156/SNV-CCVC");
    expect(incoming).toContain("Tệp đã ký nhận được");
  });

  it("shows a document page with the PDF embedded and linked, and buttons for window.kyso and every vgca_* call", async () => {
    const page = await (await get("/van-ban/cv-12", { cookie })).text();
    expect(page).toContain('<embed type="application/pdf" src="/tep/cv-12.pdf">');
    expect(page).toContain('href="/tep/cv-12.pdf"');
    for (const profile of ["approval", "issuing", "copy", "attachment", "incoming", "comment"]) expect(page).toContain(`data-kyso-profile="${profile}"`);
    for (const call of ["vgca_sign_approved", "vgca_sign_issued", "vgca_sign_copy", "vgca_sign_appendix", "vgca_sign_income", "vgca_comment"]) expect(page).toContain(`data-vgca="${call}"`);
    expect(page).toMatch(/"legacyUploadUrl":"\/FileUploadHandler\.aspx\?id=cv-12"/);
  });

  it("has a legacy page loading a plugin script that opens wss://127.0.0.1:8987/<Method>", async () => {
    const page = await (await get("/van-ban/cv-12/plugin-cu", { cookie })).text();
    expect(page).toContain('<script src="/js/ca-plugin-alike.js"></script>');
    const script = await (await get("/js/ca-plugin-alike.js")).text();
    expect(script).toContain("wss://127.0.0.1:8987/");
    expect(script).toContain("SignApproved");
  });
});

describe("demo portal: upload handlers", () => {
  it("stores a signed file posted as `uploadfile` to FileUploadHandler, verifies it, and answers the JSON the legacy callback passes on as FileServer", async () => {
    const page = await (await get("/van-ban/cv-12", { cookie })).text();
    const bearer = /"jwtToken":"([^"]+)"/.exec(page)![1]!;
    const response = await post("/FileUploadHandler.aspx?id=cv-12", multipart("uploadfile", signedPdf), { authorization: `Bearer ${bearer}` });
    const answer = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(200);
    expect(answer).toMatchObject({ Status: true, FileName: "cv-12.pdf", Verification: { indication: "TOTAL_PASSED", signatures: [{ indication: "TOTAL_PASSED" }] } });
    const upload = portal.uploads().at(-1)!;
    expect(upload).toMatchObject({ via: "legacy", fieldName: "uploadfile", documentId: "cv-12", sizeBytes: signedPdf.length, auth: { byCookie: false, byBearer: true } });
    expect(answer.FileServer).toBe(`/tep-da-ky/${upload.id}.pdf`);
    expect(new Uint8Array(await readFile(upload.path))).toEqual(signedPdf);
    const stored = await get(`/tep-da-ky/${upload.id}.pdf`, { cookie });
    expect(new Uint8Array(await stored.arrayBuffer())).toEqual(signedPdf);
  });

  it("stores a window.kyso upload under its configured field name and answers JSON", async () => {
    const response = await post("/api/tep-da-ky?id=cv-12", multipart("file", signedPdf));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, fileName: "cv-12.pdf", verification: { indication: "TOTAL_PASSED" } });
    expect(portal.uploads().at(-1)).toMatchObject({ via: "page-api", fieldName: "file", auth: { byCookie: true, byBearer: false } });
  });

  it.each([
    { what: "a file that is not a PDF", path: "/FileUploadHandler.aspx", body: () => multipart("uploadfile", new TextEncoder().encode("<html>not a pdf</html>")), status: 400, code: "NOT_PDF", message: "Tệp tải lên không phải tệp PDF." },
    { what: "a PDF without a signature", path: "/FileUploadHandler.aspx", body: () => multipart("uploadfile", unsignedPdf), status: 422, code: "NOT_SIGNED", message: "Tệp PDF chưa có chữ ký số." },
    { what: "a file in another field", path: "/FileUploadHandler.aspx", body: () => multipart("file", signedPdf), status: 400, code: "FIELD_MISSING", message: 'Thiếu tệp trong trường "uploadfile".' },
    { what: "a body that is not multipart", path: "/FileUploadHandler.aspx", body: () => "uploadfile=x", status: 400, code: "NOT_MULTIPART", message: "Yêu cầu tải lên phải là multipart/form-data." },
    { what: "a file over the size limit", path: "/FileUploadHandler.aspx", body: () => multipart("uploadfile", new Uint8Array(MAX_UPLOAD_BYTES + 1)), status: 413, code: "TOO_LARGE", message: "Tệp tải lên vượt quá giới hạn 0.25 MB." },
    { what: "an unknown document", path: "/FileUploadHandler.aspx?id=khong-co", body: () => multipart("uploadfile", signedPdf), status: 404, code: "UNKNOWN_DOCUMENT", message: "Không có văn bản này trên cổng." },
  ])("refuses $what with a clear JSON error and stores nothing", async ({ path, body, status, code, message }) => {
    const before = portal.uploads().length;
    const response = await post(path, body());
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ Status: false, Code: code, Message: message });
    expect(portal.uploads()).toHaveLength(before);
  });

  it("refuses a signed file changed after signing (the shared verifier says TOTAL_FAILED)", async () => {
    const tampered = signedPdf.slice();
    const text = Buffer.from(tampered).toString("latin1");
    const at = text.indexOf("Tinos") + 1;
    tampered[at] = tampered[at] === 0x41 ? 0x42 : 0x41;
    const response = await post("/api/tep-da-ky", multipart("file", tampered));
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ ok: false, code: "SIGNATURE_INVALID", message: "Chữ ký số trên tệp không hợp lệ; cổng không lưu tệp này." });
  });

  it("refuses an upload without the session cookie or the session's bearer token", async () => {
    const response = await post("/FileUploadHandler.aspx", multipart("uploadfile", signedPdf), { authorization: "Bearer not-a-session" });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ Status: false, Code: "UNAUTHENTICATED", Message: "Phiên đăng nhập không hợp lệ hoặc đã hết hạn." });
  });

  it("lists accepted uploads with their verification on the incoming page", async () => {
    const page = await (await get("/van-ban-den", { cookie })).text();
    expect(page).toContain('<span class="hop-le">Hợp lệ</span>');
  });
});
