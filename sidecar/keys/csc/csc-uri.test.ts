import { describe, expect, it } from "vitest";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { configuredService, normaliseServiceUrl } from "./csc-service.js";
import { formatCscUri, parseCscUri } from "./csc-uri.js";

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof KysoError && error.code === "CLI_USAGE") return error.message;
    throw error;
  }
  throw new Error("expected CLI_USAGE");
}

describe("csc: URIs", () => {
  it.each([
    ["csc:GX0112348", { credentialId: "GX0112348" }],
    ["csc:GX0112348?service=https://rssp.example.vn/csc/v2", { credentialId: "GX0112348", serviceUrl: "https://rssp.example.vn/csc/v2" }],
    ["csc:ch%E1%BB%AF-k%C3%BD%201?service=https%3A%2F%2Frssp.example.vn%2Fcsc%2Fv2", { credentialId: "chữ-ký 1", serviceUrl: "https://rssp.example.vn/csc/v2" }],
    ["CSC:a:b@c?service=http://127.0.0.1:8080/csc/v2", { credentialId: "a:b@c", serviceUrl: "http://127.0.0.1:8080/csc/v2" }],
  ])("reads %s", (text, expected) => {
    expect(parseCscUri(text)).toEqual(expected);
  });

  it.each([
    ["csc:", "credential ID is missing"],
    ["csc:a b", "must be percent-encoded"],
    ["csc:abc?pin-value=1234", "only query attribute is service"],
    ["csc:abc?service=https://x/csc/v2&pin=1", "only query attribute is service"],
    ["csc:abc?service=", "service= needs a URL"],
    ["csc:abc#frag", "fragment is not allowed"],
    ["csc:%ZZ", "percent-encoded"],
    ["csc:%C3%28", "not valid percent-encoded UTF-8"],
    ["pkcs11:token=x", "must start with csc:"],
  ])("refuses %s", (text, reason) => {
    expect(usageError(() => parseCscUri(text))).toContain(reason);
  });

  it("writes URIs that read back to the same credential and service", () => {
    const uri = { credentialId: "cá nhân/01?&#%", serviceUrl: "https://rssp.example.vn/a&b/csc/v2" };
    expect(parseCscUri(formatCscUri(uri))).toEqual(uri);
  });

  it("accepts https services, and plain http only on loopback (CSC API v2 §7.3)", () => {
    expect(normaliseServiceUrl("https://rssp.example.vn/csc/v2/")).toBe("https://rssp.example.vn/csc/v2");
    expect(normaliseServiceUrl("http://127.0.0.1:8080/csc/v2")).toBe("http://127.0.0.1:8080/csc/v2");
    expect(usageError(() => normaliseServiceUrl("http://rssp.example.vn/csc/v2"))).toContain("https");
    expect(usageError(() => normaliseServiceUrl("https://user:pw@rssp.example.vn/csc/v2"))).toContain("user name");
  });

  it("takes the one configured service when the URI names none, and refuses one nobody configured", () => {
    const services = [{ url: "https://rssp.example.vn/csc/v2/" }];
    expect(configuredService(services, undefined)).toBe(services[0]);
    expect(configuredService(services, "https://rssp.example.vn/csc/v2")).toBe(services[0]);
    expect(() => configuredService(services, "https://elsewhere.example/csc/v2")).toThrow(/not configured/);
  });
});
