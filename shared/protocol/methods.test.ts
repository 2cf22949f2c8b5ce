import { describe, expect, it } from "vitest";
import { requestEnvelopeSchema, hostMessageSchema } from "./envelope.js";
import { isMethodName, MAIL_METHOD_PREFIX, METHODS } from "./methods.js";

describe("protocol methods", () => {
  it("declares every method the issues name (and the validation relay the browser engine needs), mail.* under its prefix", () => {
    expect(Object.keys(METHODS).sort()).toEqual(
      ["audit.list", "blob.get", "blob.put", "cancel", "hello", "keys.list", "keys.watch", "revocation.fetch", "sign.digest", "tsa.timestamp", "validation.get", "validation.ocsp", "mail.send", "mail.outbox", "mail.inbox", "mail.attachment"].sort(),
    );
    expect(Object.keys(METHODS).filter((name) => name.startsWith(MAIL_METHOD_PREFIX))).toHaveLength(4);
    expect(isMethodName("toString")).toBe(false);
  });

  it("refuses an envelope without a protocol version or with an oversized id", () => {
    expect(requestEnvelopeSchema.safeParse({ id: "1", method: "hello" }).success).toBe(false);
    expect(requestEnvelopeSchema.safeParse({ v: 1, id: "x".repeat(65), method: "hello" }).success).toBe(false);
    expect(requestEnvelopeSchema.safeParse({ v: 1, id: "1", method: "hello", params: {} }).success).toBe(true);
  });

  it("accepts a batch of signed attributes with a PIN and refuses a digest that is not base64", () => {
    const item = { documentName: "Công văn 12.pdf", documentSha256: "a".repeat(64), toBeSigned: "MQA=" };
    const params = { certificateId: "pkcs11:token=a;id=%01", items: [item], pin: "1234", origin: "https://ioffice.example.gov.vn" };
    expect(METHODS["sign.digest"].params.safeParse(params).success).toBe(true);
    expect(METHODS["sign.digest"].params.safeParse({ ...params, items: [{ ...item, toBeSigned: "not base64!" }] }).success).toBe(false);
    expect(METHODS["sign.digest"].params.safeParse({ ...params, items: [] }).success).toBe(false);
  });

  it("types an error answer with a code from the one enum", () => {
    expect(hostMessageSchema.safeParse({ v: 1, id: null, error: { code: "BAD_REQUEST" } }).success).toBe(true);
    expect(hostMessageSchema.safeParse({ v: 1, id: "7", error: { code: "E_SOMETHING" } }).success).toBe(false);
  });
});
