import { describe, expect, it } from "vitest";
import { testServices } from "../../test/setup/test-services.js";
import { listTokenCertificates } from "../keys/pkcs11/token-certificates.js";
import { checkPkcs11 } from "./key-checks.js";

const { softhsm } = testServices();
const DAY_MS = 86_400_000;

describe("doctor: tokens and certificates", () => {
  it("warns, with a renewal hint, about certificates that expire within 30 days and fails expired ones", async () => {
    const [first] = await listTokenCertificates(softhsm.modulePath);
    const notAfter = Date.parse(first!.notAfter);
    const soon = (await checkPkcs11([softhsm.modulePath], new Date(notAfter - 10 * DAY_MS))).find((c) => c.id === "certificates" && c.data?.subject === first!.subject);
    expect(soon?.status).toBe("warn");
    expect(soon?.message.vi).toContain("sắp hết hạn (còn 10 ngày)");
    expect(soon?.fix?.vi).toContain("gia hạn");
    const later = (await checkPkcs11([softhsm.modulePath], new Date(notAfter + DAY_MS))).find((c) => c.data?.subject === first!.subject);
    expect(later?.status).toBe("fail");
    const early = (await checkPkcs11([softhsm.modulePath], new Date(notAfter - 60 * DAY_MS))).find((c) => c.data?.subject === first!.subject);
    expect(early?.status).toBe("ok");
  });

  it("reports a module that cannot be loaded as a failure with the error code", async () => {
    const [result] = await checkPkcs11(["/nonexistent/libvendor.so"]);
    expect(result).toMatchObject({ id: "pkcs11-modules", status: "fail", data: { code: "PKCS11_MODULE_UNAVAILABLE" } });
  });
});
