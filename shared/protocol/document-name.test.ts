import { describe, expect, it } from "vitest";
import { documentNameFromUrl } from "./document-name.js";

describe("a document's name from its URL", () => {
  it("is the last path segment, percent-decoded", () => {
    expect(documentNameFromUrl(new URL("https://vp.gov.vn/vb/C%C3%B4ng%20v%C4%83n%2012.pdf?x=1"), "document.pdf")).toBe("Công văn 12.pdf");
  });

  it("keeps a segment with a malformed escape as written instead of failing", () => {
    expect(documentNameFromUrl(new URL("https://vp.gov.vn/vb/bad%E0%A4%A.pdf"), "document.pdf")).toBe("bad%E0%A4%A.pdf");
  });

  it("falls back when the path ends in a slash", () => {
    expect(documentNameFromUrl(new URL("https://vp.gov.vn/vb/"), "document-2.pdf")).toBe("document-2.pdf");
  });
});
