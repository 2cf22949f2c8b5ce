import { describe, expect, it } from "vitest";
import { ERROR_MESSAGES } from "../../../shared/protocol/error-messages.js";
import type { PageSignRequest, PageSignResponse } from "../../../shared/protocol/page-api.js";
import { runLegacySign, type LegacyCallContext, type LegacyPageApi } from "./legacy-call.js";
import { LEGACY_MESSAGES } from "./legacy-messages.js";

const PAGE = "https://vpdt.example.gov.vn/van-ban/12";
const HANDLER_ANSWER = JSON.stringify({ Status: true, Message: "Đã lưu", FileName: "cong-van-12.signed.pdf", FileServer: "/luu-tru/cong-van-12.signed.pdf" });

/** A page API that records what the shim asked and answers what the test says (kyso itself is exercised in e2e). */
function pageApi(answer: (request: PageSignRequest) => Promise<PageSignResponse>) {
  const requests: PageSignRequest[] = [];
  const api: LegacyPageApi = {
    sign: (request) => {
      requests.push(request);
      return answer(request);
    },
    verify: () => Promise.reject(new Error("not used")),
  };
  return { api, requests };
}

function context(api: LegacyPageApi | undefined, picked?: { bytes: Uint8Array; name: string }): LegacyCallContext {
  return { pageApi: () => api, baseUrl: () => PAGE, pickLocalPdf: () => Promise.resolve(picked) };
}

const uploaded = (request: PageSignRequest, body = HANDLER_ANSWER, status = 200): Promise<PageSignResponse> =>
  Promise.resolve({ results: request.documents.map((document) => ({ name: document.name ?? "x.pdf", ok: true as const, upload: { status, body } })) });

function rejection(code: string): Promise<never> {
  return Promise.reject(Object.assign(new Error("from kyso"), { code }));
}

describe("runLegacySign: one vgca_* call, from the portal's JSON to its callback's JSON", () => {
  it("signs with the call's profile and posts the signed file as `uploadfile` to FileUploadHandler, JWTToken as a bearer token", async () => {
    const { api, requests } = pageApi((request) => uploaded(request));
    const prm = JSON.stringify({ FileUploadHandler: "/FileUploadHandler.aspx?id=12", SessionId: "abc", JWTToken: "eyJ.e30.sig", FileName: "/van-ban/12.pdf", DocNumber: "12/UBND-VP", IssuedDate: "2024-05-02" });
    await runLegacySign("issuing", prm, context(api));
    expect(requests).toEqual([
      {
        documents: [{ url: "https://vpdt.example.gov.vn/van-ban/12.pdf", name: "12.pdf", documentNumber: "12/UBND-VP" }],
        profile: "issuing",
        documentNumber: "12/UBND-VP",
        documentDate: "2024-05-02",
        upload: { url: "https://vpdt.example.gov.vn/FileUploadHandler.aspx?id=12", fieldName: "uploadfile", headers: { Authorization: "Bearer eyJ.e30.sig" } },
      },
    ]);
  });

  it("sends no Authorization header without a JWTToken, and does not double a 'Bearer ' the page already wrote", async () => {
    const { api, requests } = pageApi((request) => uploaded(request));
    await runLegacySign("approval", JSON.stringify({ FileUploadHandler: "/up", FileName: "/a.pdf", JWTToken: "" }), context(api));
    await runLegacySign("approval", JSON.stringify({ FileUploadHandler: "/up", FileName: "/a.pdf", JWTToken: "Bearer t0k" }), context(api));
    expect(requests[0]!.upload).toEqual({ url: "https://vpdt.example.gov.vn/up", fieldName: "uploadfile" });
    expect(requests[1]!.upload?.headers).toEqual({ Authorization: "Bearer t0k" });
  });

  it("answers Status 0 with FileServer = the upload handler's response body, FileName, DocumentNumber and DocumentDate", async () => {
    const { api } = pageApi((request) => uploaded(request));
    const answer = await runLegacySign("approval", JSON.stringify({ FileUploadHandler: "/up", FileName: "/van-ban/12.pdf", DocNumber: "12/UBND-VP", IssuedDate: "02/05/2024" }), context(api));
    expect(JSON.parse(answer)).toEqual({
      Status: 0,
      Message: LEGACY_MESSAGES.signed,
      FileName: "cong-van-12.signed.pdf",
      FileServer: HANDLER_ANSWER,
      DocumentNumber: "12/UBND-VP",
      DocumentDate: "02/05/2024",
    });
  });

  it("answers Status 0 with the document's name when the handler's answer is not JSON", async () => {
    const { api } = pageApi((request) => uploaded(request, "/files/signed/12.pdf"));
    const answer = JSON.parse(await runLegacySign("copy", JSON.stringify({ FileUploadHandler: "/up", FileName: "/van-ban/12.pdf" }), context(api))) as Record<string, unknown>;
    expect(answer).toMatchObject({ Status: 0, FileName: "12.pdf", FileServer: "/files/signed/12.pdf", DocumentNumber: "", DocumentDate: "" });
  });

  it.each([
    { what: "an HTTP error", status: 413, body: JSON.stringify({ Status: false, Message: "Tệp quá lớn" }), message: "Máy chủ không nhận tệp đã ký (HTTP 413): Tệp quá lớn" },
    { what: "a 200 whose JSON says Status: false", status: 200, body: JSON.stringify({ Status: false, Message: "Phiên đăng nhập hết hạn" }), message: "Máy chủ không nhận tệp đã ký (HTTP 200): Phiên đăng nhập hết hạn" },
    { what: "a 500 without a body", status: 500, body: "", message: "Máy chủ không nhận tệp đã ký (HTTP 500)." },
  ])("answers Status ≠ 0 when the upload handler refuses the file ($what), its body still in FileServer", async ({ status, body, message }) => {
    const { api } = pageApi((request) => uploaded(request, body, status));
    const answer = JSON.parse(await runLegacySign("approval", JSON.stringify({ FileUploadHandler: "/up", FileName: "/a.pdf" }), context(api))) as Record<string, unknown>;
    expect(answer).toMatchObject({ Status: 1, Message: message, FileServer: body, ErrorCode: "UPLOAD_FAILED" });
  });

  it.each([
    ["CANCELLED", ERROR_MESSAGES.CANCELLED.vi],
    ["URL_NOT_ALLOWED", ERROR_MESSAGES.URL_NOT_ALLOWED.vi],
    ["PIN_LOCKED", ERROR_MESSAGES.PIN_LOCKED.vi],
  ])("maps a kyso rejection %s to Status 1 with the code's Vietnamese message", async (code, message) => {
    const { api } = pageApi(() => rejection(code));
    const answer = await runLegacySign("approval", JSON.stringify({ FileUploadHandler: "/up", FileName: "/a.pdf", DocNumber: "7" }), context(api));
    expect(JSON.parse(answer)).toEqual({ Status: 1, Message: message, FileName: "", FileServer: "", DocumentNumber: "7", DocumentDate: "", ErrorCode: code });
  });

  it("maps a per-document failure to Status 1 with its code", async () => {
    const { api } = pageApi(() => Promise.resolve({ results: [{ name: "a.pdf", ok: false, code: "DOCUMENT_FETCH_FAILED", message: "HTTP 401" }] }));
    const answer = JSON.parse(await runLegacySign("approval", JSON.stringify({ FileUploadHandler: "/up", FileName: "/a.pdf" }), context(api))) as Record<string, unknown>;
    expect(answer).toMatchObject({ Status: 1, Message: ERROR_MESSAGES.DOCUMENT_FETCH_FAILED.vi, ErrorCode: "DOCUMENT_FETCH_FAILED" });
  });

  it("answers bad JSON with Status 1 and a Vietnamese message, without asking kyso to sign", async () => {
    const { api, requests } = pageApi((request) => uploaded(request));
    const answer = JSON.parse(await runLegacySign("approval", "{not json", context(api))) as Record<string, unknown>;
    expect(answer).toEqual({ Status: 1, Message: LEGACY_MESSAGES.notJson, FileName: "", FileServer: "", DocumentNumber: "", DocumentDate: "", ErrorCode: "BAD_REQUEST" });
    expect(requests).toHaveLength(0);
  });

  it("answers Status 1 when kyso's page API is missing on the page", async () => {
    const answer = JSON.parse(await runLegacySign("approval", JSON.stringify({ FileUploadHandler: "/up", FileName: "/a.pdf" }), context(undefined))) as Record<string, unknown>;
    expect(answer).toMatchObject({ Status: 1, Message: LEGACY_MESSAGES.noKyso, ErrorCode: "NOT_AVAILABLE_YET" });
  });

  it("signs the file the user picks when FileName is empty, and reports a closed chooser as cancelled", async () => {
    const { api, requests } = pageApi((request) => uploaded(request));
    const bytes = new TextEncoder().encode("%PDF-1.7");
    await runLegacySign("approval", JSON.stringify({ FileUploadHandler: "/up", FileName: "" }), context(api, { bytes, name: "to-trinh.pdf" }));
    expect(requests[0]!.documents).toEqual([{ bytes, name: "to-trinh.pdf" }]);
    const cancelled = JSON.parse(await runLegacySign("approval", JSON.stringify({ FileUploadHandler: "/up", FileName: "" }), context(api))) as Record<string, unknown>;
    expect(cancelled).toMatchObject({ Status: 1, Message: LEGACY_MESSAGES.noFileChosen, ErrorCode: "CANCELLED" });
  });
});

describe("runLegacySign with Files (vgca_sign_files): one confirmation, one upload and one entry per file", () => {
  const batch = JSON.stringify({
    FileUploadHandler: "/o/rest/v2/vgca/fileupload",
    SessionId: "",
    Files: [
      { FileID: 501, FileName: "Giấy khai sinh", URL: "/files/501.pdf" },
      { FileID: 502, FileName: "Sổ hộ khẩu", URL: "/files/502.pdf" },
    ],
  });

  it("asks kyso once for every file and answers Status 0 with FileID, FileName and the handler's answer per file", async () => {
    const { api, requests } = pageApi((request) => uploaded(request, '{"fileEntryId":"9"}'));
    const answer = JSON.parse(await runLegacySign("approval", batch, context(api))) as Record<string, unknown>;
    expect(requests).toHaveLength(1);
    expect(requests[0]!.documents.map((d) => ("url" in d ? d.url : ""))).toEqual(["https://vpdt.example.gov.vn/files/501.pdf", "https://vpdt.example.gov.vn/files/502.pdf"]);
    expect(answer).toEqual({
      Status: 0,
      Message: LEGACY_MESSAGES.batchSigned,
      FileName: "",
      FileServer: "",
      DocumentNumber: "",
      DocumentDate: "",
      Files: [
        { FileID: "501", FileName: "Giấy khai sinh", Status: 0, Message: LEGACY_MESSAGES.signed, FileServer: '{"fileEntryId":"9"}', FileSignedURL: '{"fileEntryId":"9"}' },
        { FileID: "502", FileName: "Sổ hộ khẩu", Status: 0, Message: LEGACY_MESSAGES.signed, FileServer: '{"fileEntryId":"9"}', FileSignedURL: '{"fileEntryId":"9"}' },
      ],
    });
  });

  it("answers Status 1 overall when one file failed, with that file's code", async () => {
    const { api } = pageApi(() =>
      Promise.resolve({ results: [{ name: "Giấy khai sinh", ok: true, upload: { status: 200, body: "{}" } }, { name: "Sổ hộ khẩu", ok: false, code: "TOKEN_REMOVED", message: "removed" }] }),
    );
    const answer = JSON.parse(await runLegacySign("approval", batch, context(api))) as { Status: number; Message: string; Files: Array<Record<string, unknown>> };
    expect(answer.Status).toBe(1);
    expect(answer.Message).toBe(LEGACY_MESSAGES.batchPartly);
    expect(answer.Files.map((file) => [file.FileID, file.Status, file.ErrorCode])).toEqual([["501", 0, undefined], ["502", 1, "TOKEN_REMOVED"]]);
  });

  it("answers a cancelled batch with Status 1 and an empty Files list", async () => {
    const { api } = pageApi(() => rejection("CANCELLED"));
    const answer = JSON.parse(await runLegacySign("approval", batch, context(api))) as Record<string, unknown>;
    expect(answer).toMatchObject({ Status: 1, Message: ERROR_MESSAGES.CANCELLED.vi, ErrorCode: "CANCELLED", Files: [] });
  });
});
