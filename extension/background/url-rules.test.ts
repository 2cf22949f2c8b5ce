import { describe, expect, it } from "vitest";
import { validateSettings } from "../../shared/policy/validate-settings.js";
import type { KysoError } from "../../shared/protocol/kyso-error.js";
import { allowedUrl } from "./url-rules.js";

/** Policy: the document portal with a separate file server, and a second allowed portal. */
const { settings, problems } = validateSettings({
  portals: [
    { origin: "https://vanban.example.gov.vn", name: "Văn bản", uploadOrigins: ["https://files.example.gov.vn:8443"] },
    { origin: "https://motcua.example.gov.vn", name: "Một cửa" },
    // A Unicode host, as policy must spell it: in its ASCII (punycode) form.
    { origin: new URL("https://tưpháp.gov.vn").origin, name: "Tư pháp" },
  ],
});
const [portal] = settings.portals;
const frameUrl = "https://vanban.example.gov.vn/documents/17?tab=pdf";

function check(url: string, from: { frameUrl?: string; pageOrigin?: string } = {}): URL {
  return allowedUrl({ url, frameUrl: from.frameUrl ?? frameUrl, pageOrigin: from.pageOrigin ?? "https://vanban.example.gov.vn", portal: portal!, settings });
}

function refusal(url: string, from: { frameUrl?: string; pageOrigin?: string } = {}): string {
  try {
    check(url, from);
  } catch (error) {
    return (error as KysoError).code;
  }
  return "allowed";
}

describe("document and upload URLs (anti-SSRF)", () => {
  it("reads the test policy without problems", () => {
    expect(problems).toEqual([]);
  });

  it("allows the page's own origin, resolving relative URLs against the requesting frame as the page's fetch would", () => {
    expect(check("../files/17.pdf").href).toBe("https://vanban.example.gov.vn/files/17.pdf");
    expect(check("?download=1").href).toBe("https://vanban.example.gov.vn/documents/17?download=1");
    expect(check("https://vanban.example.gov.vn/upload").pathname).toBe("/upload");
  });

  it("allows the portal's uploadOrigins and other allowed portals, and nothing else", () => {
    expect(check("https://files.example.gov.vn:8443/store").origin).toBe("https://files.example.gov.vn:8443");
    expect(check("https://motcua.example.gov.vn/hoso/1.pdf").origin).toBe("https://motcua.example.gov.vn");
    expect(refusal("https://evil.example/steal")).toBe("URL_NOT_ALLOWED");
    expect(refusal("https://example.gov.vn/")).toBe("URL_NOT_ALLOWED");
    expect(refusal("https://vanban.example.gov.vn.evil.example/")).toBe("URL_NOT_ALLOWED");
  });

  it("treats another port or scheme on the same host as another origin", () => {
    expect(refusal("https://vanban.example.gov.vn:8443/x")).toBe("URL_NOT_ALLOWED");
    expect(refusal("http://vanban.example.gov.vn/x")).toBe("URL_NOT_ALLOWED");
    expect(refusal("https://files.example.gov.vn/store")).toBe("URL_NOT_ALLOWED");
    // The default port written out is the same origin.
    expect(check("https://vanban.example.gov.vn:443/x").origin).toBe("https://vanban.example.gov.vn");
  });

  it("refuses URLs that carry credentials, including the user@host disguise", () => {
    expect(refusal("https://user:secret@vanban.example.gov.vn/x")).toBe("URL_NOT_ALLOWED");
    expect(refusal("https://attacker@vanban.example.gov.vn/x")).toBe("URL_NOT_ALLOWED");
    expect(refusal("https://vanban.example.gov.vn@evil.example/x")).toBe("URL_NOT_ALLOWED");
  });

  it("never fetches other schemes, even ones whose origin looks like the portal's", () => {
    for (const url of ["blob:https://vanban.example.gov.vn/6c1b", "data:application/pdf;base64,JVBERi0=", "javascript:alert(1)", "file:///etc/passwd", "ftp://vanban.example.gov.vn/x", "chrome-extension://abc/x"]) {
      expect(refusal(url), url).toBe("URL_NOT_ALLOWED");
    }
  });

  it("refuses what is not a URL and scheme-relative or backslashed URLs that lead off the origin", () => {
    expect(refusal("https://[::1")).toBe("URL_NOT_ALLOWED");
    expect(refusal("//evil.example/x")).toBe("URL_NOT_ALLOWED");
    expect(refusal("https:\\\\evil.example\\x")).toBe("URL_NOT_ALLOWED");
    expect(refusal("/\\evil.example/x")).toBe("URL_NOT_ALLOWED");
  });

  it("compares hosts in their canonical form: case and Unicode spelling match, look-alike letters do not", () => {
    expect(check("https://VANBAN.Example.GOV.vn/x").origin).toBe("https://vanban.example.gov.vn");
    expect(check("https://tưpháp.gov.vn/a.pdf", { pageOrigin: new URL("https://tưpháp.gov.vn").origin, frameUrl: "https://tưpháp.gov.vn/" }).hostname).toMatch(/^xn--/);
    // Cyrillic "а" in place of the Latin "a": another host altogether.
    expect(refusal("https://v\u0430nban.example.gov.vn/x")).toBe("URL_NOT_ALLOWED");
    // A trailing dot names the same machine but another origin; refusing it is the safe side.
    expect(refusal("https://vanban.example.gov.vn./x")).toBe("URL_NOT_ALLOWED");
  });

  it("does not let IP address spellings stand in for an allowed host", () => {
    expect(refusal("https://127.0.0.1/x")).toBe("URL_NOT_ALLOWED");
    expect(refusal("https://0x7f.1/x")).toBe("URL_NOT_ALLOWED");
    expect(refusal("https://[::ffff:127.0.0.1]/x")).toBe("URL_NOT_ALLOWED");
  });
});
