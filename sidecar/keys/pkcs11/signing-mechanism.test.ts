import { describe, expect, it } from "vitest";
import type { SignatureAlgorithm } from "../../../shared/cms/algorithms.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { CKM, planSigning, tokenInput } from "./signing-mechanism.js";

const ALL = Object.values(CKM);
const RAW_ONLY = [CKM.RSA_PKCS, CKM.RSA_PKCS_PSS, CKM.ECDSA];

describe("choosing the PKCS#11 mechanism from the token's mechanism list", () => {
  const cases: Array<{ algorithm: SignatureAlgorithm; mechanisms: number[]; mechanism: number; input: string; output: string }> = [
    { algorithm: { scheme: "rsa-pkcs1-v1_5", hash: "SHA-256" }, mechanisms: ALL, mechanism: CKM.SHA256_RSA_PKCS, input: "message", output: "as-is" },
    { algorithm: { scheme: "rsa-pkcs1-v1_5", hash: "SHA-384" }, mechanisms: ALL, mechanism: CKM.SHA384_RSA_PKCS, input: "message", output: "as-is" },
    { algorithm: { scheme: "rsa-pkcs1-v1_5", hash: "SHA-512" }, mechanisms: ALL, mechanism: CKM.SHA512_RSA_PKCS, input: "message", output: "as-is" },
    { algorithm: { scheme: "rsa-pkcs1-v1_5", hash: "SHA-256" }, mechanisms: RAW_ONLY, mechanism: CKM.RSA_PKCS, input: "digest-info", output: "as-is" },
    { algorithm: { scheme: "rsa-pss", hash: "SHA-256", saltLength: 32 }, mechanisms: ALL, mechanism: CKM.SHA256_RSA_PKCS_PSS, input: "message", output: "as-is" },
    { algorithm: { scheme: "rsa-pss", hash: "SHA-512", saltLength: 64 }, mechanisms: RAW_ONLY, mechanism: CKM.RSA_PKCS_PSS, input: "digest", output: "as-is" },
    { algorithm: { scheme: "ecdsa", hash: "SHA-256" }, mechanisms: ALL, mechanism: CKM.ECDSA, input: "digest", output: "ecdsa-raw-to-der" },
  ];

  it.each(cases)("$algorithm.scheme $algorithm.hash → CKM 0x$mechanism, host input $input", ({ algorithm, mechanisms, mechanism, input, output }) => {
    const plan = planSigning(algorithm, mechanisms);
    expect(plan.mechanism.mechanism).toBe(mechanism);
    expect(plan.input).toBe(input);
    expect(plan.output).toBe(output);
  });

  it("gives PSS its parameters: the hash, MGF1 with the same hash and the salt length asked for", () => {
    expect(planSigning({ scheme: "rsa-pss", hash: "SHA-384", saltLength: 48 }, ALL).mechanism.pss).toEqual({ hashAlg: CKM.SHA384, mgf: 0x3, saltLen: 48 });
  });

  it("refuses with KEY_UNSUPPORTED when the token has no usable mechanism", () => {
    expect(() => planSigning({ scheme: "ecdsa", hash: "SHA-256" }, [CKM.RSA_PKCS])).toThrow(KysoError);
  });

  it("builds the RFC 8017 §9.2 DigestInfo for CKM_RSA_PKCS", () => {
    const plan = planSigning({ scheme: "rsa-pkcs1-v1_5", hash: "SHA-256" }, RAW_ONLY);
    const data = tokenInput(plan, { toBeSigned: new TextEncoder().encode("abc"), hash: "SHA-256" });
    expect(Buffer.from(data).toString("hex")).toBe("3031300d060960864801650304020105000420ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
