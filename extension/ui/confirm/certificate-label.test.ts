import { describe, expect, it } from "vitest";
import type { CertificateEntry } from "../../../shared/protocol/methods/keys.js";
import { certificateChoice, vietnameseDate, type Words } from "./certificate-label.js";
import { canSignWith, certificateValidity, distinguishedNameAttribute } from "./certificate-validity.js";

const NOW = new Date("2026-03-15T03:00:00Z");
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();

function certificate(notBefore: string, notAfter: string): CertificateEntry {
  return {
    provider: "pkcs11",
    certificateId: "pkcs11:token=kyso-test;id=%01",
    tokenLabel: "kyso-test",
    tokenSerial: "0001",
    subject: "CN=Nguyễn Văn An, OU=Văn phòng\\, UBND, O=UBND tỉnh Gia Lai, C=VN",
    issuer: "CN=Kyso Test Issuing CA, O=Kyso Test, C=VN",
    serialNumber: "01",
    notBefore,
    notAfter,
    keyType: "RSA",
  };
}

/** Names the message and its substitutions, so the test sees which words were chosen. */
const words: Words = (key, substitutions = []) => `${key}(${substitutions.join("|")})`;

describe("certificate validity marks", () => {
  it("accepts a certificate valid for more than 30 days without a mark", () => {
    expect(certificateValidity(certificate(at(-300), at(400)), NOW)).toEqual({ status: "valid" });
  });

  it("marks a certificate expiring within 30 days with the days left, and still lets it sign", () => {
    const validity = certificateValidity(certificate(at(-300), at(12.5)), NOW);
    expect(validity).toEqual({ status: "expiring", daysLeft: 12 });
    expect(canSignWith(validity)).toBe(true);
    expect(certificateValidity(certificate(at(-300), at(29.9)), NOW).status).toBe("expiring");
    expect(certificateValidity(certificate(at(-300), at(30)), NOW).status).toBe("valid");
  });

  it("refuses expired, not-yet-valid and unreadable certificates", () => {
    for (const [notBefore, notAfter, status] of [
      [at(-300), at(-1), "expired"],
      [at(2), at(400), "not-yet-valid"],
      [at(-300), "not a date", "expired"],
    ] as const) {
      const validity = certificateValidity(certificate(notBefore, notAfter), NOW);
      expect(validity.status).toBe(status);
      expect(canSignWith(validity)).toBe(false);
    }
  });
});

describe("certificate labels", () => {
  it("names the holder, the issuing CA and the validity in words", () => {
    const choice = certificateChoice(certificate(at(-300), "2027-01-01T00:00:00Z"), NOW, words);
    expect(choice.label).toBe("Nguyễn Văn An — Kyso Test Issuing CA — confirm_certificateValidUntil(01/01/2027)");
  });

  it("says how many days an expiring certificate has left and when an expired one ended", () => {
    expect(certificateChoice(certificate(at(-300), at(3.2)), NOW, words).label).toContain("confirm_certificateExpiring(18/03/2026|3)");
    expect(certificateChoice(certificate(at(-300), at(-1)), NOW, words).label).toContain("confirm_certificateExpired(14/03/2026)");
  });

  it("writes dates dd/mm/yyyy in Vietnam time (UTC+7), not the machine's", () => {
    expect(vietnameseDate("2026-12-31T18:30:00Z")).toBe("01/01/2027");
  });

  it("reads attributes from RFC 4514 names, escaped commas included", () => {
    const subject = certificate(at(0), at(1)).subject;
    expect(distinguishedNameAttribute(subject, "CN")).toBe("Nguyễn Văn An");
    expect(distinguishedNameAttribute(subject, "OU")).toBe("Văn phòng, UBND");
    expect(distinguishedNameAttribute(subject, "L")).toBeUndefined();
  });
});
