import { generateKeyPairSync, sign, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ecdsaRawToDer } from "./cms-signer.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const fromHex = (text: string) => new Uint8Array(Buffer.from(text.replace(/\s/g, ""), "hex"));

describe("ecdsaRawToDer (PKCS#11 CKM_ECDSA r || s → Ecdsa-Sig-Value)", () => {
  it.each([
    ["small positive halves", "01 02", "3006 020101 020102"],
    ["a 0x00 before a half whose top bit is set", "80 7f", "3007 02020080 02017f"],
    ["leading zero octets removed (minimal INTEGER)", "0000 0001 0000 0080", "3007 020101 02020080"],
    ["zero halves as a single 0x00", "0000 0000", "3006 020100 020100"],
  ])("encodes %s", (_name, raw, der) => {
    expect(hex(ecdsaRawToDer(fromHex(raw)))).toBe(der.replace(/\s/g, ""));
  });

  it("uses the long length form when the SEQUENCE passes 127 octets (P-521)", () => {
    const der = ecdsaRawToDer(new Uint8Array(132).fill(0xff));
    // Two INTEGERs of 2 + 67 octets (66 octets of 0xff after a 0x00) = 138 = 0x8a.
    expect(hex(der.subarray(0, 3))).toBe("30818a");
    expect(der.length).toBe(3 + 138);
  });

  it.each([["odd", 63], ["empty", 0]])("refuses an %s-length input", (_name, length) => {
    expect(() => ecdsaRawToDer(new Uint8Array(length))).toThrow(expect.objectContaining({ name: "KysoError" }));
  });

  it("turns OpenSSL's IEEE P1363 signatures into DER that OpenSSL verifies, for P-256, P-384 and P-521", () => {
    for (const namedCurve of ["P-256", "P-384", "P-521"]) {
      const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve });
      const data = new TextEncoder().encode(`signed with ${namedCurve}`);
      for (let i = 0; i < 20; i++) {
        const raw = sign("sha256", data, { key: privateKey, dsaEncoding: "ieee-p1363" });
        expect(verify("sha256", data, { key: publicKey, dsaEncoding: "der" }, ecdsaRawToDer(raw))).toBe(true);
      }
    }
  });
});
