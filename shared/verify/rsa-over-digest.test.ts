import { constants, createHash, generateKeyPairSync, sign } from "node:crypto";
import { readFile } from "node:fs/promises";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { describe, expect, it } from "vitest";
import { DIGEST_OIDS, type HashAlgorithm } from "../cms/algorithms.js";
import { arrayBufferView } from "../cms/der.js";
import { testServices } from "../../test/setup/test-services.js";
import { checkRsaSignatureOverDigest } from "./rsa-over-digest.js";

const { pki } = testServices();
const SHA256_WITH_RSA = new pkijs.AlgorithmIdentifier({ algorithmId: "1.2.840.113549.1.1.11" });
const data = Buffer.from("nội dung đã ký");
const digest = new Uint8Array(createHash("sha256").update(data).digest());

async function certificate(entity: keyof typeof pki.entities): Promise<pkijs.Certificate> {
  return pkijs.Certificate.fromBER(arrayBufferView(new Uint8Array(await readFile(pki.entities[entity].certDerFile))));
}
async function signatureBy(entity: keyof typeof pki.entities, bytes: Buffer): Promise<Uint8Array> {
  return new Uint8Array(sign("sha256", bytes, await readFile(pki.entities[entity].keyPemFile, "utf8")));
}

/** id-RSASSA-PSS with RSASSA-PSS-params (RFC 4055 §3.1): the hash for message and MGF1, and the salt length. */
function pssAlgorithm(hash: HashAlgorithm, saltLength: number): pkijs.AlgorithmIdentifier {
  const hashAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: DIGEST_OIDS[hash], algorithmParams: new asn1js.Null() });
  const params = new pkijs.RSASSAPSSParams({
    hashAlgorithm,
    maskGenAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: "1.2.840.113549.1.1.8", algorithmParams: hashAlgorithm.toSchema() }),
    saltLength,
  });
  return new pkijs.AlgorithmIdentifier({ algorithmId: "1.2.840.113549.1.1.10", algorithmParams: params.toSchema() });
}

describe("checkRsaSignatureOverDigest (RFC 8017 §8.2.2 over a given digest)", () => {
  it("is valid for the signer's PKCS#1 v1.5 signature over the data whose digest is given", async () => {
    const check = await checkRsaSignatureOverDigest({ certificate: await certificate("signerRsa2048"), signatureAlgorithm: SHA256_WITH_RSA, signature: await signatureBy("signerRsa2048", data), hash: "SHA-256", digest });
    expect(check).toBe("valid");
  });

  it("tells a signature over other data (digest-mismatch) from a signature by another key (invalid)", async () => {
    const certificateOfSigner = await certificate("signerRsa2048");
    expect(await checkRsaSignatureOverDigest({ certificate: certificateOfSigner, signatureAlgorithm: SHA256_WITH_RSA, signature: await signatureBy("signerRsa2048", Buffer.from("khác")), hash: "SHA-256", digest })).toBe("digest-mismatch");
    expect(await checkRsaSignatureOverDigest({ certificate: certificateOfSigner, signatureAlgorithm: SHA256_WITH_RSA, signature: await signatureBy("organisationSeal", data), hash: "SHA-256", digest })).toBe("invalid");
  });

  it("does not claim to check ECDSA keys, or PSS whose hash is not the content digest's", async () => {
    expect(await checkRsaSignatureOverDigest({ certificate: await certificate("signerEcdsaP256"), signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: "1.2.840.10045.4.3.2" }), signature: new Uint8Array(64), hash: "SHA-256", digest })).toBe("unsupported");
    expect(await checkRsaSignatureOverDigest({ certificate: await certificate("signerRsa2048"), signatureAlgorithm: pssAlgorithm("SHA-384", 48), signature: new Uint8Array(256), hash: "SHA-256", digest })).toBe("unsupported");
  });
});

describe("checkRsaSignatureOverDigest for RSASSA-PSS (RFC 8017 §8.1.2, EMSA-PSS-VERIFY §9.1.2)", () => {
  // 2049 bits: emBits = 2048 makes emLen one byte shorter than the modulus (§8.1.2 step 2c).
  const cases = [
    ["SHA-256", 2048, 32], ["SHA-256", 2048, 0], ["SHA-384", 3072, 48], ["SHA-512", 2049, 64], ["SHA-256", 2047, 222],
  ] as const;
  it.each(cases)("accepts a %s signature by a %i-bit key with a %i-byte salt, says digest-mismatch for other data, invalid with another salt length", async (hash, modulusLength, saltLength) => {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength });
    const keyCertificate = new pkijs.Certificate();
    keyCertificate.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(publicKey.export({ format: "der", type: "spki" }));
    const nodeHash = hash.replace("-", "").toLowerCase();
    const signature = new Uint8Array(sign(nodeHash, data, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }));
    const digestOf = (bytes: Buffer) => new Uint8Array(createHash(nodeHash).update(bytes).digest());
    const check = (options: { salt: number; over: Buffer }) => checkRsaSignatureOverDigest({ certificate: keyCertificate, signatureAlgorithm: pssAlgorithm(hash, options.salt), signature, hash, digest: digestOf(options.over) });
    expect(await check({ salt: saltLength, over: data })).toBe("valid");
    expect(await check({ salt: saltLength, over: Buffer.from("khác") })).toBe("digest-mismatch");
    expect(await check({ salt: saltLength + 1, over: data })).toBe("invalid");
  });
});
