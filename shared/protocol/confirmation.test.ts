import { describe, expect, it } from "vitest";
import {
  confirmationIdOfPort,
  confirmPortName,
  fromConfirmWindowSchema,
  toConfirmWindowSchema,
  type ConfirmDecide,
  type ConfirmRequest,
} from "./confirmation.js";

const request: ConfirmRequest = {
  type: "confirm.request",
  request: {
    origin: "https://vanban.gialai.gov.vn",
    siteName: "Hệ thống quản lý văn bản — UBND tỉnh Gia Lai",
    profile: "issuing",
    pinMode: "pin",
    certificates: [
      {
        provider: "pkcs11",
        certificateId: "pkcs11:token=kyso-test;id=%01",
        tokenLabel: "kyso-test",
        tokenSerial: "0001",
        subject: "CN=Nguyễn Văn An, C=VN",
        issuer: "CN=Kyso Test Issuing CA, C=VN",
        serialNumber: "01",
        notBefore: "2025-01-01T00:00:00.000Z",
        notAfter: "2027-01-01T00:00:00.000Z",
        keyType: "RSA",
        keySizeBits: 2048,
      },
    ],
    documents: [
      {
        index: 0,
        name: "Quyết định 12-QĐ-UBND.pdf",
        documentNumber: "12/QĐ-UBND",
        pageCount: 3,
        sizeBytes: 48_213,
        bytes: Buffer.from("%PDF-1.7\n").toString("base64"),
        defaultPlacement: { page: 2, x: 177.5, y: 85.33, width: 240, height: 110 },
      },
      { index: 1, name: "Phụ lục.pdf", pageCount: 1, sizeBytes: 900, pdfBlobUrl: "blob:chrome-extension://eghffkcannflfgnddbcpeifpfpanlpjo/0b1c", defaultPlacement: { page: 0, x: 359, y: 746, width: 200, height: 60 } },
    ],
  },
};

const decide: ConfirmDecide = { type: "confirm.decide", certificateId: "pkcs11:token=kyso-test;id=%01", pin: "123456", placements: [{ index: 0, page: 1, x: 200.5, y: 300 }] };

/** What a Chromium runtime port does to a message: JSON in, JSON out. */
const overChromiumPort = (message: unknown): unknown => JSON.parse(JSON.stringify(message));

describe("confirmation messages", () => {
  it("carries a request, with its documents, placements and certificates, across a JSON port unchanged", () => {
    expect(toConfirmWindowSchema.parse(overChromiumPort(request))).toEqual(request);
  });

  it("accepts preview bytes as an ArrayBuffer or Uint8Array (Firefox's structured clone)", () => {
    const document = { ...request.request.documents[0]!, bytes: new Uint8Array([37, 80, 68, 70]) };
    expect(toConfirmWindowSchema.safeParse({ ...request, request: { ...request.request, documents: [document] } }).success).toBe(true);
    const buffer = { ...document, bytes: new ArrayBuffer(4) };
    expect(toConfirmWindowSchema.safeParse({ ...request, request: { ...request.request, documents: [buffer] } }).success).toBe(true);
  });

  it("refuses a preview URL the window should not fetch, an unknown profile and an empty or oversized batch", () => {
    const withDocuments = (documents: unknown[]) => ({ ...request, request: { ...request.request, documents } });
    const remote = { ...request.request.documents[1]!, pdfBlobUrl: "https://evil.example/a.pdf" };
    expect(toConfirmWindowSchema.safeParse(withDocuments([remote])).success).toBe(false);
    expect(toConfirmWindowSchema.safeParse({ ...request, request: { ...request.request, profile: "forged" } }).success).toBe(false);
    expect(toConfirmWindowSchema.safeParse(withDocuments([])).success).toBe(false);
    const many = Array.from({ length: 501 }, (_, index) => ({ ...request.request.documents[1]!, index: index % 500 }));
    expect(toConfirmWindowSchema.safeParse(withDocuments(many)).success).toBe(false);
  });

  it("round-trips progress, phone approval, errors with retries left and results", () => {
    for (const message of [
      { type: "confirm.progress", done: 3, total: 10, stage: "timestamping", documentName: "Công văn 4.pdf" },
      { type: "confirm.approval", code: "4F2A", provider: "Viettel-CA" },
      { type: "confirm.error", code: "PIN_INCORRECT", retriesLeft: 2 },
      { type: "confirm.done", results: [{ name: "a.pdf", ok: true }, { name: "b.pdf", ok: false, code: "TOKEN_REMOVED" }] },
    ]) {
      expect(toConfirmWindowSchema.parse(overChromiumPort(message))).toEqual(message);
    }
    expect(toConfirmWindowSchema.safeParse({ type: "confirm.error", code: "NOT_A_CODE" }).success).toBe(false);
    expect(toConfirmWindowSchema.safeParse({ type: "confirm.progress", done: 1, total: 2, stage: "mining" }).success).toBe(false);
  });

  it("carries the PIN in decide, and refuses an empty or overlong PIN", () => {
    expect(fromConfirmWindowSchema.parse(overChromiumPort(decide))).toEqual(decide);
    expect(fromConfirmWindowSchema.safeParse({ ...decide, pin: "" }).success).toBe(false);
    expect(fromConfirmWindowSchema.safeParse({ ...decide, pin: "1".repeat(65) }).success).toBe(false);
    const padDecision = { type: decide.type, certificateId: decide.certificateId, placements: decide.placements };
    expect(fromConfirmWindowSchema.parse(padDecision)).toEqual(padDecision);
    expect(fromConfirmWindowSchema.parse({ type: "confirm.cancel" })).toEqual({ type: "confirm.cancel" });
  });

  it("never lets a PIN ride back into the window: a pin field on any background message is dropped", () => {
    const messages = [
      { ...request, pin: "123456" },
      { type: "confirm.progress", done: 0, total: 1, stage: "signing", pin: "123456" },
      { type: "confirm.error", code: "PIN_INCORRECT", retriesLeft: 2, pin: "123456" },
      { type: "confirm.done", results: [{ name: "a.pdf", ok: true, pin: "123456" }], pin: "123456" },
    ];
    for (const message of messages) expect(JSON.stringify(toConfirmWindowSchema.parse(message))).not.toContain("123456");
  });

  it("names the port after the confirmation and reads the id back, refusing other ports", () => {
    expect(confirmPortName("a1B2-c3_d")).toBe("confirm:a1B2-c3_d");
    expect(confirmationIdOfPort("confirm:a1B2-c3_d")).toBe("a1B2-c3_d");
    expect(confirmationIdOfPort("content:1")).toBeUndefined();
    expect(confirmationIdOfPort("confirm:../x")).toBeUndefined();
  });
});
