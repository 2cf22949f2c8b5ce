import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AuditRecord } from "../../shared/protocol/methods/audit.js";
import { toPopupSchema, type PopupCertificate } from "../../shared/protocol/popup.js";
import type { Words } from "../ui/confirm/certificate-label.js";
import { wordsOf } from "./message-file-words.js";
import { activityLine, certificateLine, sidecarLines, unavailableLines } from "./popup-lines.js";

const en = wordsOf("en");
const vi = wordsOf("vi");
const NOW = new Date("2026-03-15T03:00:00Z");
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();

function certificate(notAfter: string, notBefore = at(-300)): PopupCertificate {
  return {
    provider: "pkcs11",
    certificateId: "pkcs11:token=kyso-test;id=%01",
    tokenLabel: "kyso-test",
    tokenSerial: "0001",
    subject: "CN=Nguyễn Văn An, O=UBND tỉnh Gia Lai, C=VN",
    issuer: "CN=Kyso Test Issuing CA, O=Kyso Test, C=VN",
    serialNumber: "01",
    notBefore,
    notAfter,
    keyType: "rsa",
  };
}

function record(extra: Partial<AuditRecord>): AuditRecord {
  return { seq: 1, time: "2026-03-15T03:04:05.000Z", action: "sign", who: "an", origin: "https://vanban.gialai.gov.vn", documentName: "Quyết định 125.pdf", result: "ok", prevHash: "0".repeat(64), hash: "1".repeat(64), ...extra };
}

describe("popup: the sidecar's state in words", () => {
  it("names the sidecar's version when connected, with nothing to fix", () => {
    expect(sidecarLines({ state: "connected", sidecarVersion: "0.1.0", protocolVersion: 1 }, en)).toEqual({ state: "connected", status: "Connected to kyso on this computer (version 0.1.0).", hints: [] });
  });

  it("says how to fix a missing sidecar: install, kyso doctor, and the browser's own reason", () => {
    const lines = sidecarLines({ state: "unavailable", reason: "Specified native messaging host not found." }, vi);
    expect(lines.state).toBe("unavailable");
    expect(lines.status).toContain("npx kyso install");
    expect(lines.hints).toEqual(["Nếu kyso đã được cài, chạy lệnh kyso doctor để biết còn thiếu gì.", "Chi tiết: Specified native messaging host not found."]);
  });

  it("asks for an update when the sidecar speaks another protocol version", () => {
    const lines = sidecarLines({ state: "outdated", sidecarVersion: "0.0.9" }, en);
    expect(lines.status).toBe("The kyso program on this computer (version 0.0.9) does not match this extension. Please update kyso.");
    expect(lines.hints[0]).toContain("kyso doctor");
  });
});

describe("popup: certificates", () => {
  it("shows the holder, the CA and token, and the validity date in Vietnamese date form", () => {
    expect(certificateLine(certificate("2027-12-27T00:00:00Z"), NOW, vi)).toEqual({ holder: "Nguyễn Văn An", source: "Kyso Test Issuing CA · token kyso-test", validity: "hiệu lực đến 27/12/2027", mark: "valid" });
  });

  it("marks a certificate expiring within 30 days with the days left, and an expired one", () => {
    expect(certificateLine(certificate(at(12.5)), NOW, en)).toMatchObject({ mark: "expiring", validity: "expires soon: 27/03/2026 (12 days left)" });
    expect(certificateLine(certificate(at(-1)), NOW, en)).toMatchObject({ mark: "expired", validity: "expired on 14/03/2026" });
    expect(certificateLine(certificate(at(400), at(2)), NOW, en)).toMatchObject({ mark: "not-yet-valid", validity: "not valid yet (from 17/03/2026)" });
  });

  it("lists the token libraries and services that could not be asked", () => {
    const keys = { type: "popup.keys" as const, certificates: [], unavailableModules: [{ modulePath: "/usr/lib/vnpt-ca.so", code: "PKCS11_MODULE_UNAVAILABLE" }], unavailableServices: [{ provider: "csc" as const, source: "https://rs.example", code: "REMOTE_SERVICE_UNREACHABLE" }] };
    expect(unavailableLines(keys, en)).toEqual(["Could not load the token library /usr/lib/vnpt-ca.so (PKCS11_MODULE_UNAVAILABLE)", "Could not ask the signing service https://rs.example (REMOTE_SERVICE_UNREACHABLE)"]);
  });
});

describe("popup: recent activity from the audit log", () => {
  it("shows a signature with its document, the portal's host and the time in Vietnam", () => {
    expect(activityLine(record({}), vi)).toEqual({ when: "15/03/2026 10:04", what: "Ký số", document: "Quyết định 125.pdf", site: "vanban.gialai.gov.vn", outcome: "thành công", ok: true });
  });

  it("counts a mail accepted after a retry as done, and shows a failure by its words or its code", () => {
    expect(activityLine(record({ action: "mail", result: "ok (SMTP_TEMPORARY)" }), en)).toMatchObject({ what: "Mail", outcome: "done", ok: true });
    const withErrorWords: Words = (key, substitutions) => (key === "error_PIN_INCORRECT" ? "Wrong PIN" : en(key, substitutions));
    expect(activityLine(record({ result: "PIN_INCORRECT" }), withErrorWords)).toMatchObject({ outcome: "failed: Wrong PIN", ok: false });
    expect(activityLine(record({ action: "mail", result: "queued" }), en)).toMatchObject({ outcome: "failed: queued", ok: false });
  });

  it("keeps what the CLI wrote as origin when it is not a URL", () => {
    expect(activityLine(record({ origin: "cli" }), en).site).toBe("cli");
  });
});

describe("popup messages", () => {
  it("has every popup_ message in both languages", () => {
    const keysOf = (language: string) => Object.keys(JSON.parse(readFileSync(join(import.meta.dirname, `messages.${language}.json`), "utf8")) as object).sort();
    expect(keysOf("vi")).toEqual(keysOf("en"));
    expect(keysOf("vi").every((key) => key.startsWith("popup_"))).toBe(true);
  });

  it("refuses a certificate with its DER bytes and more audit records than the popup shows", () => {
    const entry = { ...certificate(at(400)), certificate: "MIIB" };
    expect(toPopupSchema.safeParse({ type: "popup.keys", certificates: [certificate(at(400))], unavailableModules: [] }).success).toBe(true);
    // z.object strips unknown keys rather than refusing them: the bytes never reach the popup's types.
    const parsed = toPopupSchema.safeParse({ type: "popup.keys", certificates: [entry], unavailableModules: [] });
    expect(parsed.success && parsed.data.type === "popup.keys" && "certificate" in parsed.data.certificates[0]!).toBe(false);
    expect(toPopupSchema.safeParse({ type: "popup.audit", records: Array.from({ length: 9 }, (_, seq) => record({ seq: seq + 1 })) }).success).toBe(false);
  });
});
