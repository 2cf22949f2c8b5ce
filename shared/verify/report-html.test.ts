import { describe, expect, it } from "vitest";
import { renderVerificationHtml, verificationHtmlDocument } from "./report-html.js";
import type { DocumentVerification, SignatureVerification } from "./verification-result.js";

const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>`;

function signature(overrides: Partial<SignatureVerification>): SignatureVerification {
  return {
    field: HOSTILE,
    kind: "signature",
    integrity: { intact: true, coverage: "whole-revision", signedBytes: 1000 },
    cryptography: { valid: true, problems: [], weaknesses: [], signingCertificateBound: true },
    signer: { name: `Nguyễn Văn "An" & ${HOSTILE}`, organisation: "UBND tỉnh Gia Lai", serialHex: "0A1B", issuer: "CA <test>", notBefore: "2026-01-01T00:00:00.000Z", notAfter: "2028-01-01T00:00:00.000Z" },
    trust: { trusted: true, chain: ["Nguyễn Văn An", "kyso Root"], problems: [] },
    revocation: { status: "good", source: "dss" },
    time: { bestSignatureTime: "2026-11-22T03:30:00.000Z", bestSignatureTimeProven: true, timestampTime: "2026-11-22T03:30:00.000Z", timestampValid: true },
    modifications: { after: [{ class: "other", detail: `page 3 0 R: /Contents ${HOSTILE}` }], forbidden: [{ class: "other", detail: `page 3 0 R: /Contents ${HOSTILE}` }] },
    indication: "TOTAL_FAILED",
    subIndication: "SIG_CONSTRAINTS_FAILURE",
    ...overrides,
  };
}

const result: DocumentVerification = { indication: "TOTAL_FAILED", signatures: [signature({}), signature({ indication: "TOTAL_PASSED", modifications: { after: [], forbidden: [] } })] };

describe("renderVerificationHtml", () => {
  it("escapes every text taken from the file: no tag, attribute or entity of its own survives", () => {
    const html = renderVerificationHtml(result, { language: "en", fileName: `${HOSTILE}.pdf` });
    expect(html).not.toMatch(/<script|<img|onerror=alert\(1\)>/);
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("Nguyễn Văn &quot;An&quot; &amp; ");
    // Parsed back, the document holds only the report's own elements.
    const tags = new Set([...html.matchAll(/<([a-z0-9]+)/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual(["article", "dd", "dl", "dt", "h2", "h3", "h4", "p", "section", "span"]);
  });

  it("says the verdicts, the sub-indication in words, the signer from the certificate and the forbidden change, in Vietnamese and English", () => {
    const vi = renderVerificationHtml(result, { language: "vi" });
    expect(vi).toContain(">Tài liệu: KHÔNG HỢP LỆ</h2>");
    expect(vi).toContain("Tài liệu bị sửa sau khi ký theo cách không được phép");
    expect(vi).toContain("Người ký (theo chứng thư số)");
    expect(vi).toContain("— KHÔNG được phép");
    expect(vi).toContain('data-indication="TOTAL_PASSED"');
    const en = renderVerificationHtml(result, { language: "en" });
    expect(en).toContain(">Document: INVALID</h2>");
    expect(en).toContain("The document was changed after signing in a way that is not permitted");
    expect(en).toContain("— NOT permitted");
  });

  it("shows a signature whose certificate no signed attribute binds with a warning row, not a failure", () => {
    const unbound = signature({ indication: "TOTAL_PASSED", modifications: { after: [], forbidden: [] }, cryptography: { valid: true, problems: [], weaknesses: [], signingCertificateBound: false } });
    const html = renderVerificationHtml({ indication: "TOTAL_PASSED", signatures: [unbound] }, { language: "vi" });
    expect(html).toContain('<dt>Gắn chứng thư vào chữ ký</dt><dd class="warning">không — chứng thư của người ký không được gắn');
    expect(renderVerificationHtml(result, { language: "vi" })).not.toContain("Gắn chứng thư vào chữ ký");
  });

  it("makes a whole document whose policy forbids scripts and loads nothing", () => {
    const page = verificationHtmlDocument({ indication: "INDETERMINATE", signatures: [] }, { language: "vi", fileName: "cong-van.pdf" });
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(page).toContain("<title>Tài liệu: CHƯA XÁC ĐỊNH ĐƯỢC — cong-van.pdf</title>");
    expect(page).toContain("Tệp không có chữ ký số.");
  });
});
