import { describe, expect, it } from "vitest";
import {
  PAGE_INLINE_DOCUMENT_MAX_BYTES,
  PAGE_SIGN_MAX_DOCUMENTS,
  PAGE_UPLOAD_RESPONSE_MAX_BYTES,
  pageRequestFrameSchema,
  pageResponseFrameSchema,
  pageSignRequestSchema,
  portSignRequestSchema,
  portSignResponseSchema,
  portToBackgroundSchema,
  verifyRequestSchema,
} from "./page-api.js";

const urlDocument = { url: "/documents/17.pdf", name: "Quyết định 17.pdf" };
const signRequest = (extra: Record<string, unknown> = {}) => ({ documents: [urlDocument], profile: "approval", ...extra });
const accepts = (schema: { safeParse: (value: unknown) => { success: boolean } }, value: unknown) => schema.safeParse(value).success;

describe("window.kyso.sign request (page side)", () => {
  it("accepts documents by URL and by bytes (ArrayBuffer or any Uint8Array) with every optional field", () => {
    const request = {
      documents: [urlDocument, { bytes: new ArrayBuffer(8), name: "a.pdf" }, { bytes: new Uint8Array(8).subarray(2), name: "b.pdf", documentNumber: "12/QĐ-UBND" }],
      profile: "issuing",
      placement: { page: 0, x: 72.5, y: 100 },
      documentNumber: "12/QĐ-UBND",
      documentDate: "2026-03-01",
      comment: "Đồng ý",
      upload: { url: "https://portal.example/upload", fieldName: "uploadfile", headers: { Authorization: "Bearer x", "X-Request-Id": "1" } },
    };
    expect(pageSignRequestSchema.safeParse(request).success).toBe(true);
  });

  it("refuses an empty batch and a batch over 500 documents", () => {
    expect(accepts(pageSignRequestSchema, { documents: [], profile: "approval" })).toBe(false);
    expect(accepts(pageSignRequestSchema, { documents: Array.from({ length: PAGE_SIGN_MAX_DOCUMENTS }, () => urlDocument), profile: "approval" })).toBe(true);
    expect(accepts(pageSignRequestSchema, { documents: Array.from({ length: PAGE_SIGN_MAX_DOCUMENTS + 1 }, () => urlDocument), profile: "approval" })).toBe(false);
  });

  it("refuses unknown profiles, and the invisible profile, which only policy may choose", () => {
    expect(accepts(pageSignRequestSchema, signRequest({ profile: "certify" }))).toBe(false);
    expect(accepts(pageSignRequestSchema, signRequest({ profile: "invisible" }))).toBe(false);
  });

  it("refuses bytes that are neither ArrayBuffer nor Uint8Array, and inline documents without a name", () => {
    expect(accepts(pageSignRequestSchema, { documents: [{ bytes: [37, 80, 68, 70], name: "a.pdf" }], profile: "approval" })).toBe(false);
    expect(accepts(pageSignRequestSchema, { documents: [{ bytes: "JVBERi0=", name: "a.pdf" }], profile: "approval" })).toBe(false);
    expect(accepts(pageSignRequestSchema, { documents: [{ bytes: new Uint8Array(4), name: "" }], profile: "approval" })).toBe(false);
  });

  it("refuses URLs that are empty or longer than 2048 characters", () => {
    expect(accepts(pageSignRequestSchema, { documents: [{ url: "" }], profile: "approval" })).toBe(false);
    expect(accepts(pageSignRequestSchema, { documents: [{ url: `/${"a".repeat(2047)}` }], profile: "approval" })).toBe(true);
    expect(accepts(pageSignRequestSchema, { documents: [{ url: `/${"a".repeat(2048)}` }], profile: "approval" })).toBe(false);
  });

  it("refuses names and numbers that carry control characters or are too long", () => {
    expect(accepts(pageSignRequestSchema, { documents: [{ url: "/a.pdf", name: "a\nb.pdf" }], profile: "approval" })).toBe(false);
    expect(accepts(pageSignRequestSchema, { documents: [{ url: "/a.pdf", name: "x".repeat(513) }], profile: "approval" })).toBe(false);
    expect(accepts(pageSignRequestSchema, signRequest({ documentNumber: "n".repeat(257) }))).toBe(false);
    expect(accepts(pageSignRequestSchema, signRequest({ comment: "c".repeat(2001) }))).toBe(false);
  });

  it("takes the document date as YYYY-MM-DD only", () => {
    expect(accepts(pageSignRequestSchema, signRequest({ documentDate: "2026-03-01" }))).toBe(true);
    expect(accepts(pageSignRequestSchema, signRequest({ documentDate: "01/03/2026" }))).toBe(false);
    expect(accepts(pageSignRequestSchema, signRequest({ documentDate: "2026-03-01T00:00:00Z" }))).toBe(false);
  });

  it("keeps the placement on a whole, non-negative page and inside 400 inches of user space", () => {
    expect(accepts(pageSignRequestSchema, signRequest({ placement: { page: 1.5 } }))).toBe(false);
    expect(accepts(pageSignRequestSchema, signRequest({ placement: { page: -1 } }))).toBe(false);
    expect(accepts(pageSignRequestSchema, signRequest({ placement: { x: 28_801 } }))).toBe(false);
    expect(accepts(pageSignRequestSchema, signRequest({ placement: { y: -28_800 } }))).toBe(true);
  });

  it("refuses upload header names that are not HTTP tokens and values that smuggle CR/LF", () => {
    const withHeaders = (headers: Record<string, string>) => signRequest({ upload: { url: "/up", headers } });
    expect(accepts(pageSignRequestSchema, withHeaders({ "X-Token": "a b\tc" }))).toBe(true);
    expect(accepts(pageSignRequestSchema, withHeaders({ "X Token": "a" }))).toBe(false);
    expect(accepts(pageSignRequestSchema, withHeaders({ "X-Token:": "a" }))).toBe(false);
    expect(accepts(pageSignRequestSchema, withHeaders({ "X-Token": "a\r\nSet-Cookie: b=c" }))).toBe(false);
    expect(accepts(pageSignRequestSchema, withHeaders({ "X-Token": "a\u0000" }))).toBe(false);
  });

  it("takes an upload field name of letters, digits and . _ - [ ] only", () => {
    expect(accepts(pageSignRequestSchema, signRequest({ upload: { url: "/up", fieldName: "files[0]" } }))).toBe(true);
    expect(accepts(pageSignRequestSchema, signRequest({ upload: { url: "/up", fieldName: 'file"; filename="x' } }))).toBe(false);
    expect(accepts(pageSignRequestSchema, signRequest({ upload: { url: "/up", fieldName: "" } }))).toBe(false);
  });
});

describe("sign request on the content → background port", () => {
  it("carries inline bytes as standard base64 and refuses anything else in their place", () => {
    expect(accepts(portSignRequestSchema, { documents: [{ bytes: "JVBERi0xLjcK", name: "a.pdf" }], profile: "approval" })).toBe(true);
    expect(accepts(portSignRequestSchema, { documents: [{ bytes: "JVBER i0x", name: "a.pdf" }], profile: "approval" })).toBe(false);
    expect(accepts(portSignRequestSchema, { documents: [{ bytes: "JVBERi0_-w", name: "a.pdf" }], profile: "approval" })).toBe(false);
    expect(accepts(portSignRequestSchema, { documents: [{ bytes: new Uint8Array(4), name: "a.pdf" }], profile: "approval" })).toBe(false);
  });

  it("refuses base64 that decodes to more than the inline cap", () => {
    const atCap = "A".repeat(Math.ceil(PAGE_INLINE_DOCUMENT_MAX_BYTES / 3) * 4);
    expect(accepts(portSignRequestSchema, { documents: [{ bytes: atCap, name: "a.pdf" }], profile: "approval" })).toBe(true);
    expect(accepts(portSignRequestSchema, { documents: [{ bytes: `${atCap}AAAA`, name: "a.pdf" }], profile: "approval" })).toBe(false);
  });

  it("accepts only request and cancel messages with a bounded id and a known method", () => {
    expect(accepts(portToBackgroundSchema, { type: "request", id: "1", method: "sign", params: {} })).toBe(true);
    expect(accepts(portToBackgroundSchema, { type: "request", id: "1", method: "sign-link", params: { url: "/a.pdf" } })).toBe(true);
    expect(accepts(portToBackgroundSchema, { type: "cancel", id: "1" })).toBe(true);
    expect(accepts(portToBackgroundSchema, { type: "request", id: "1", method: "sign.digest" })).toBe(false);
    expect(accepts(portToBackgroundSchema, { type: "request", id: "x".repeat(65), method: "sign" })).toBe(false);
  });

  it("answers with results whose upload body is capped at 1 MiB and whose error codes are kyso's", () => {
    const upload = (body: string) => ({ results: [{ name: "a.pdf", ok: true, upload: { status: 200, body } }] });
    expect(accepts(portSignResponseSchema, upload("x".repeat(PAGE_UPLOAD_RESPONSE_MAX_BYTES)))).toBe(true);
    expect(accepts(portSignResponseSchema, upload("x".repeat(PAGE_UPLOAD_RESPONSE_MAX_BYTES + 1)))).toBe(false);
    expect(accepts(portSignResponseSchema, { results: [{ name: "a.pdf", ok: false, code: "PIN_INCORRECT", message: "m" }] })).toBe(true);
    expect(accepts(portSignResponseSchema, { results: [{ name: "a.pdf", ok: false, code: "SOMETHING_ELSE", message: "m" }] })).toBe(false);
  });
});

describe("page ↔ content script frames", () => {
  it("accepts a kyso.request only with kyso: 1, a known method and an id of 1 to 64 characters", () => {
    expect(accepts(pageRequestFrameSchema, { kyso: 1, type: "kyso.request", id: "r1", method: "version" })).toBe(true);
    expect(accepts(pageRequestFrameSchema, { kyso: 2, type: "kyso.request", id: "r1", method: "version" })).toBe(false);
    expect(accepts(pageRequestFrameSchema, { kyso: 1, type: "kyso.response", id: "r1", method: "version" })).toBe(false);
    expect(accepts(pageRequestFrameSchema, { kyso: 1, type: "kyso.request", id: "", method: "version" })).toBe(false);
    expect(accepts(pageRequestFrameSchema, { kyso: 1, type: "kyso.request", id: "r".repeat(65), method: "version" })).toBe(false);
    // What only the content script's own buttons may ask never comes from a page frame.
    expect(accepts(pageRequestFrameSchema, { kyso: 1, type: "kyso.request", id: "r1", method: "sign-link", params: { url: "/a.pdf" } })).toBe(false);
    expect(accepts(pageRequestFrameSchema, { kyso: 1, type: "kyso.request", id: "r1", method: "mail-link" })).toBe(false);
  });

  it("describes a failed response by a kyso error code and a bounded message", () => {
    expect(accepts(pageResponseFrameSchema, { kyso: 1, type: "kyso.response", id: "r1", ok: false, error: { code: "CANCELLED", message: "" } })).toBe(true);
    expect(accepts(pageResponseFrameSchema, { kyso: 1, type: "kyso.response", id: "r1", ok: false, error: { code: "E42", message: "" } })).toBe(false);
    expect(accepts(pageResponseFrameSchema, { kyso: 1, type: "kyso.response", id: "r1", ok: false, error: { code: "CANCELLED", message: "m".repeat(4097) } })).toBe(false);
  });

  it("takes a verify request by URL or by bytes, never both shapes mixed into a string", () => {
    expect(accepts(verifyRequestSchema, { document: { url: "/a.pdf" } })).toBe(true);
    expect(accepts(verifyRequestSchema, { document: { bytes: new Uint8Array(4) } })).toBe(true);
    expect(accepts(verifyRequestSchema, { document: { bytes: "JVBERi0=" } })).toBe(false);
    expect(accepts(verifyRequestSchema, { document: "/a.pdf" })).toBe(false);
  });
});
