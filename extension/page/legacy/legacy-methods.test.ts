import { describe, expect, it } from "vitest";
import { LEGACY_BATCH_FUNCTION, LEGACY_BATCH_PROFILE, LEGACY_FUNCTION_PROFILES, SOCKET_METHODS, socketActionOf } from "./legacy-methods.js";

describe("legacy call → Decree 30 profile", () => {
  it("maps each vgca_* function to the profile that draws what the old service drew", () => {
    expect(LEGACY_FUNCTION_PROFILES).toEqual({
      vgca_sign_approved: "approval",
      vgca_sign_issued: "issuing",
      vgca_sign_copy: "copy",
      vgca_sign_appendix: "attachment",
      vgca_sign_income: "incoming",
      vgca_comment: "comment",
    });
    expect([LEGACY_BATCH_FUNCTION, LEGACY_BATCH_PROFILE]).toEqual(["vgca_sign_files", "approval"]);
  });

  it("maps each plugin WebSocket method to the same profiles as the functions that open it", () => {
    expect(socketActionOf("SignApproved")).toEqual({ kind: "sign", profile: "approval" });
    expect(socketActionOf("SignIssued")).toEqual({ kind: "sign", profile: "issuing" });
    expect(socketActionOf("SignCopy")).toEqual({ kind: "sign", profile: "copy" });
    expect(socketActionOf("SignAppendix")).toEqual({ kind: "sign", profile: "attachment" });
    expect(socketActionOf("SignIncome")).toEqual({ kind: "sign", profile: "incoming" });
    expect(socketActionOf("Comment")).toEqual({ kind: "sign", profile: "comment" });
    for (const generic of ["SignFile", "SignFiles", "SignPDF", "SignPDFWP"]) expect(socketActionOf(generic)).toEqual({ kind: "sign", profile: "approval" });
    expect(socketActionOf("VerifyPDF")).toEqual({ kind: "verify" });
  });

  it("knows no method it cannot do (XML, Office, raw messages) and nothing from Object.prototype", () => {
    for (const method of ["SignXML", "SignOffice", "SignMsg", "GetCertInfo", "toString", "__proto__", ""]) expect(socketActionOf(method)).toBeUndefined();
    expect(Object.keys(SOCKET_METHODS)).not.toContain("SignXML");
  });
});
