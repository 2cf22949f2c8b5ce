import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OUTBOX_STATES } from "../../../shared/protocol/methods/mail.js";
import { fromComposeWindowSchema, toComposeWindowSchema } from "../../../shared/protocol/compose.js";
import { defaultSubject, fillBodyTemplate, parseAddressList, recipientName, searchAddressBook } from "./compose-prefill.js";

const BOOK = [
  { name: "Sở Tư pháp", address: "vanthu@sotp.gialai.gov.vn" },
  { name: "Sở Tài chính", address: "vanthu@stc.gialai.gov.vn" },
  { name: "Văn phòng Đoàn ĐBQH và HĐND tỉnh", address: "vp@hdnd.gialai.gov.vn" },
  { name: "UBND huyện Đak Đoa", address: "ubnd@dakdoa.gialai.gov.vn" },
];
const doc = { name: "cong-van-45.pdf", documentNumber: "45/UBND-VP", title: "V/v triển khai chữ ký số", sizeBytes: 1000 };

describe("compose window prefill", () => {
  it("makes the subject from the document number and title, else one of them, else the file name; the page's own subject wins", () => {
    expect(defaultSubject({ documents: [doc] })).toBe("45/UBND-VP: V/v triển khai chữ ký số");
    expect(defaultSubject({ documents: [{ ...doc, title: undefined }] })).toBe("45/UBND-VP");
    expect(defaultSubject({ documents: [{ name: "Tờ trình 3.pdf", sizeBytes: 1 }] })).toBe("Tờ trình 3");
    expect(defaultSubject({ documents: [doc], subject: " Giấy mời họp " })).toBe("Giấy mời họp");
    expect(defaultSubject({ documents: [] })).toBe("");
  });

  it("fills the policy body template and leaves an unknown placeholder visible", () => {
    const values = { recipient: "Sở Tư pháp", documentNumber: "45/UBND-VP", title: "V/v triển khai", documentName: "cv.pdf" };
    expect(fillBodyTemplate("Kính gửi: {{recipient}}\n\nXin gửi văn bản {{ documentNumber }} ({{title}}).", values)).toBe("Kính gửi: Sở Tư pháp\n\nXin gửi văn bản 45/UBND-VP (V/v triển khai).");
    expect(fillBodyTemplate("{{nguoiNhan}} {{constructor}}", values)).toBe("{{nguoiNhan}} {{constructor}}");
  });

  it("finds address book entries without diacritics (đ → d), by any word, names starting with the query first", () => {
    expect(searchAddressBook(BOOK, "so tu phap").map((e) => e.name)).toEqual(["Sở Tư pháp"]);
    expect(searchAddressBook(BOOK, "dak doa").map((e) => e.name)).toEqual(["UBND huyện Đak Đoa"]);
    expect(searchAddressBook(BOOK, "hdnd").map((e) => e.address)).toEqual(["vp@hdnd.gialai.gov.vn"]);
    expect(searchAddressBook(BOOK, "sở").map((e) => e.name)).toEqual(["Sở Tư pháp", "Sở Tài chính"]);
    expect(searchAddressBook(BOOK, "")).toHaveLength(4);
    expect(searchAddressBook(BOOK, "không có")).toEqual([]);
  });

  it("reads recipient lists separated by commas, semicolons or spaces, and names known recipients", () => {
    expect(parseAddressList(" a@x.vn, b@y.vn;c@z.vn  a@x.vn ")).toEqual(["a@x.vn", "b@y.vn", "c@z.vn"]);
    expect(recipientName(BOOK, "VANTHU@sotp.gialai.gov.vn")).toBe("Sở Tư pháp");
    expect(recipientName(BOOK, "khac@x.vn")).toBe("khac@x.vn");
  });

  it("accepts the compose messages of the contract and refuses header injection in an address", () => {
    expect(fromComposeWindowSchema.safeParse({ type: "compose.send", to: ["a@x.vn"], cc: [], subject: "s", text: "t", attach: [0], readReceipt: false }).success).toBe(true);
    expect(fromComposeWindowSchema.safeParse({ type: "compose.send", to: ["a@x.vn\r\nBcc: b@y.vn"], cc: [], subject: "s", text: "t", attach: [], readReceipt: false }).success).toBe(false);
    expect(fromComposeWindowSchema.safeParse({ type: "compose.send", to: [], cc: [], subject: "s", text: "t", attach: [], readReceipt: false }).success).toBe(false);
    expect(toComposeWindowSchema.safeParse({ type: "compose.outbox", entry: { id: "abc12345-x", state: "accepted", sentCopy: "done", refused: [] } }).success).toBe(true);
    expect(toComposeWindowSchema.safeParse({ type: "compose.error", code: "NOT_A_CODE" }).success).toBe(false);
  });

  it("has words for every outbox state and Sent-copy state in Vietnamese and English, under names Chromium accepts", () => {
    for (const language of ["vi", "en"]) {
      const messages = JSON.parse(readFileSync(join(import.meta.dirname, `messages.${language}.json`), "utf8")) as Record<string, unknown>;
      const keys = [...OUTBOX_STATES.map((state) => `compose_state_${state}`), ...["pending", "done", "server-files", "failed"].map((state) => `compose_sentCopy_${state}`)].map((key) => key.replace(/-/g, "_"));
      for (const key of keys) expect(messages, `${language} ${key}`).toHaveProperty(key);
      for (const key of Object.keys(messages)) expect(key).toMatch(/^compose_[A-Za-z0-9_]+$/);
    }
  });
});
