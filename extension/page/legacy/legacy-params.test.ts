import { describe, expect, it } from "vitest";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { LEGACY_MESSAGES } from "./legacy-messages.js";
import { legacyIssuedDate, parseLegacyParams } from "./legacy-params.js";

const PAGE = "https://vpdt.example.gov.vn/van-ban/12";

function refusal(input: unknown): string {
  try {
    parseLegacyParams(input, PAGE);
  } catch (error) {
    expect(error).toBeInstanceOf(KysoError);
    expect((error as KysoError).code).toBe("BAD_REQUEST");
    return (error as KysoError).message;
  }
  throw new Error("the parameters were accepted");
}

describe("parseLegacyParams: the JSON string portals pass to vgca_*", () => {
  it("reads an approval call as the CA's sample page builds it (empty SessionId and JWTToken)", () => {
    const prm = JSON.stringify({ FileUploadHandler: "https://vpdt.example.gov.vn/FileUploadHandler.aspx", SessionId: "", JWTToken: "", FileName: "https://vpdt.example.gov.vn/files/cong-van%2012.pdf" });
    expect(parseLegacyParams(prm, PAGE)).toEqual({
      uploadUrl: "https://vpdt.example.gov.vn/FileUploadHandler.aspx",
      documents: [{ kind: "url", url: "https://vpdt.example.gov.vn/files/cong-van%2012.pdf", name: "cong-van 12.pdf" }],
      batch: false,
    });
  });

  it("reads an issuing call with DocNumber, IssuedDate with offset, MetaData key/value pairs and tokens", () => {
    const prm = JSON.stringify({
      FileUploadHandler: "/api/QuanLyFilesServer/UploadFileKySo?id=7&loaiKy=1",
      SessionId: "ulfe2dtjcziaquws3eji4hsl",
      JWTToken: "eyJhbGciOiJIUzI1NiJ9.e30.sig",
      FileName: "/api/QuanLyFilesServer/DownloadFile?fileId=31",
      DocNumber: "123/BCY-CTSBMTT",
      IssuedDate: "2019-03-12T23:30:00+07:00",
      MetaData: [{ Key: "abc", Value: "abc" }],
    });
    const params = parseLegacyParams(prm, PAGE);
    expect(params.uploadUrl).toBe("https://vpdt.example.gov.vn/api/QuanLyFilesServer/UploadFileKySo?id=7&loaiKy=1");
    expect(params.documents).toEqual([{ kind: "url", url: "https://vpdt.example.gov.vn/api/QuanLyFilesServer/DownloadFile?fileId=31", name: "DownloadFile" }]);
    expect(params.sessionId).toBe("ulfe2dtjcziaquws3eji4hsl");
    expect(params.jwtToken).toBe("eyJhbGciOiJIUzI1NiJ9.e30.sig");
    expect(params.documentNumber).toBe("123/BCY-CTSBMTT");
    expect(params.documentDate).toBe("2019-03-12");
    expect(params.documentDateText).toBe("2019-03-12T23:30:00+07:00");
  });

  it("takes a numeric DocNumber (portals send 79) as text", () => {
    expect(parseLegacyParams({ FileUploadHandler: "/up", FileName: "/a.pdf", DocNumber: 79 }, PAGE).documentNumber).toBe("79");
  });

  it("takes the comment text from MetaData when a portal passes one", () => {
    const params = parseLegacyParams(JSON.stringify({ FileUploadHandler: "/up", FileName: "/a.pdf", MetaData: [{ Key: "Comment", Value: "Đồng ý ban hành" }] }), PAGE);
    expect(params.comment).toBe("Đồng ý ban hành");
  });

  it("asks for the file chooser when FileName is empty, as the old service browsed the disk", () => {
    expect(parseLegacyParams(JSON.stringify({ FileUploadHandler: "/up", SessionId: "", FileName: "" }), PAGE).documents).toEqual([{ kind: "browse" }]);
  });

  it("reads a vgca_sign_files batch with Files at the top level (FileName a display name, URL the link)", () => {
    const prm = JSON.stringify({
      FileUploadHandler: "https://motcua.example.gov.vn/o/rest/v2/vgca/fileupload",
      SessionId: "",
      Files: [
        { FileID: 501, FileName: "Giấy khai sinh", URL: "https://motcua.example.gov.vn/files/501.pdf" },
        { FileID: "502", FileName: "https://motcua.example.gov.vn/files/502.pdf", URL: "https://motcua.example.gov.vn/files/502.pdf" },
      ],
    });
    const params = parseLegacyParams(prm, PAGE);
    expect(params.batch).toBe(true);
    expect(params.documents).toEqual([
      { kind: "url", url: "https://motcua.example.gov.vn/files/501.pdf", name: "Giấy khai sinh", fileId: "501" },
      { kind: "url", url: "https://motcua.example.gov.vn/files/502.pdf", name: "502.pdf", fileId: "502" },
    ]);
  });

  it("reads a batch whose Files sit under MetaData", () => {
    const params = parseLegacyParams({ FileUploadHandler: "/up", MetaData: { Files: [{ FileID: 1, FileName: "a.pdf", URL: "/files/a.pdf" }] } }, PAGE);
    expect(params.batch).toBe(true);
    expect(params.documents).toEqual([{ kind: "url", url: "https://vpdt.example.gov.vn/files/a.pdf", name: "a.pdf", fileId: "1" }]);
  });

  it.each([
    ["a string that is not JSON", "{FileName: 'x'", LEGACY_MESSAGES.notJson],
    ["a JSON array", "[1,2]", LEGACY_MESSAGES.notObject],
    ["JSON null", "null", LEGACY_MESSAGES.notObject],
    ["no FileUploadHandler", JSON.stringify({ FileName: "/a.pdf" }), LEGACY_MESSAGES.noUploadHandler],
    ["a blank FileUploadHandler", JSON.stringify({ FileUploadHandler: "  ", FileName: "/a.pdf" }), LEGACY_MESSAGES.noUploadHandler],
    ["a javascript: upload handler", JSON.stringify({ FileUploadHandler: "javascript:alert(1)", FileName: "/a.pdf" }), LEGACY_MESSAGES.badUploadHandler],
    ["a file: document URL", JSON.stringify({ FileUploadHandler: "/up", FileName: "file:///C:/van-ban.pdf" }), LEGACY_MESSAGES.badDocumentUrl],
    ["an empty Files list", JSON.stringify({ FileUploadHandler: "/up", Files: [] }), LEGACY_MESSAGES.noFiles],
    ["Files that is not a list", JSON.stringify({ FileUploadHandler: "/up", Files: "a.pdf" }), LEGACY_MESSAGES.noFiles],
    ["a file entry without a link", JSON.stringify({ FileUploadHandler: "/up", Files: [{ FileID: 1 }] }), LEGACY_MESSAGES.badFileEntry],
  ])("refuses %s with a Vietnamese message", (_what, input, message) => {
    expect(refusal(input)).toBe(message);
  });

  it("refuses a batch of more than 500 files (one confirmation lists them all)", () => {
    const files = Array.from({ length: 501 }, (_, i) => ({ FileID: i, URL: `/files/${i}.pdf` }));
    expect(refusal({ FileUploadHandler: "/up", Files: files })).toBe(LEGACY_MESSAGES.tooManyFiles);
  });
});

describe("legacyIssuedDate: IssuedDate as portals send it, as a Vietnam-time calendar date", () => {
  it.each([
    ["", undefined],
    ["2024-05-01", "2024-05-01"],
    ["2019-03-12T12:00:00+07:00", "2019-03-12"],
    // JSON.stringify(new Date()) on a page: UTC; 18:30 UTC is already the next day in Vietnam.
    ["2024-05-01T18:30:00.000Z", "2024-05-02"],
    ["01/05/2024", "2024-05-01"],
    ["1/5/2024", "2024-05-01"],
    ["not a date", undefined],
    ["32/13/2024", undefined],
  ])("%j → %j", (input, expected) => {
    expect(legacyIssuedDate(input)).toBe(expected);
  });
});
