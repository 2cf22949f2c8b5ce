import { createHash, sign } from "node:crypto";
import { readFile } from "node:fs/promises";
import * as pkijs from "pkijs";
import { describe, expect, it } from "vitest";
import { arrayBufferView } from "../cms/der.js";
import { testServices } from "../../test/setup/test-services.js";
import { checkRsaSignatureOverDigest } from "./rsa-over-digest.js";

const { pki } = testServices();
const SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
const data = Buffer.from("nội dung đã ký");
const digest = new Uint8Array(createHash("sha256").update(data).digest());

async function certificate(entity: keyof typeof pki.entities): Promise<pkijs.Certificate> {
  return pkijs.Certificate.fromBER(arrayBufferView(new Uint8Array(await readFile(pki.entities[entity].certDerFile))));
}
async function signatureBy(entity: keyof typeof pki.entities, bytes: Buffer): Promise<Uint8Array> {
  return new Uint8Array(sign("sha256", bytes, await readFile(pki.entities[entity].keyPemFile, "utf8")));
}

describe("checkRsaSignatureOverDigest (RFC 8017 §8.2.2 over a given digest)", () => {
  it("is valid for the signer's PKCS#1 v1.5 signature over the data whose digest is given", async () => {
    const check = checkRsaSignatureOverDigest({ certificate: await certificate("signerRsa2048"), signatureAlgorithmOid: SHA256_WITH_RSA, signature: await signatureBy("signerRsa2048", data), hash: "SHA-256", digest });
    expect(check).toBe("valid");
  });

  it("tells a signature over other data (digest-mismatch) from a signature by another key (invalid)", async () => {
    const certificateOfSigner = await certificate("signerRsa2048");
    expect(checkRsaSignatureOverDigest({ certificate: certificateOfSigner, signatureAlgorithmOid: SHA256_WITH_RSA, signature: await signatureBy("signerRsa2048", Buffer.from("khác")), hash: "SHA-256", digest })).toBe("digest-mismatch");
    expect(checkRsaSignatureOverDigest({ certificate: certificateOfSigner, signatureAlgorithmOid: SHA256_WITH_RSA, signature: await signatureBy("organisationSeal", data), hash: "SHA-256", digest })).toBe("invalid");
  });

  it("does not claim to check ECDSA keys or RSASSA-PSS signatures", async () => {
    expect(checkRsaSignatureOverDigest({ certificate: await certificate("signerEcdsaP256"), signatureAlgorithmOid: "1.2.840.10045.4.3.2", signature: new Uint8Array(64), hash: "SHA-256", digest })).toBe("unsupported");
    expect(checkRsaSignatureOverDigest({ certificate: await certificate("signerRsa2048"), signatureAlgorithmOid: "1.2.840.113549.1.1.10", signature: new Uint8Array(256), hash: "SHA-256", digest })).toBe("unsupported");
  });
});
