import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { p256 } from "@noble/curves/nist.js";
import * as pkijs from "pkijs";
import { describe, expect, it } from "vitest";
import { verifyEcdsaOverDigest } from "./ecdsa-over-digest.js";

/** Only the key matters to the check: a certificate shell around a fresh key's SubjectPublicKeyInfo. */
function keyPair(namedCurve: "prime256v1" | "secp384r1" | "secp521r1") {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve });
  const spki = publicKey.export({ format: "der", type: "spki" });
  const certificate = new pkijs.Certificate();
  certificate.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(new Uint8Array(spki));
  return { certificate, privateKey };
}

/** The same SPKI with its point in SEC 1 §2.3.3 compressed form (02/03 || x). */
function compressedSpki(der: Buffer): Buffer {
  const info = pkijs.PublicKeyInfo.fromBER(new Uint8Array(der));
  const point = info.subjectPublicKey.valueBlock.valueHexView;
  const size = (point.length - 1) / 2;
  const compressed = new Uint8Array(1 + size);
  compressed[0] = 0x02 | (point[point.length - 1]! & 1);
  compressed.set(point.subarray(1, 1 + size), 1);
  info.subjectPublicKey.valueBlock.valueHexView = compressed;
  return Buffer.from(info.toSchema().toBER());
}

const digestOf = (hash: string, data: Buffer | string) => new Uint8Array(createHash(hash).update(data).digest());

describe("verifyEcdsaOverDigest (FIPS 186-5 §6.4.2 over a given digest)", () => {
  const cases = [
    ["prime256v1", "sha256"], ["prime256v1", "sha384"], ["prime256v1", "sha512"],
    ["secp384r1", "sha256"], ["secp384r1", "sha384"], ["secp384r1", "sha512"],
    ["secp521r1", "sha256"], ["secp521r1", "sha512"],
  ] as const;
  it.each(cases)("accepts OpenSSL's %s signature over the %s digest of the data, and refuses it for other data", (curve, hash) => {
    const { certificate, privateKey } = keyPair(curve);
    const data = Buffer.from(`nội dung ${curve} ${hash}`);
    const signatureDer = new Uint8Array(sign(hash, data, privateKey));
    expect(verifyEcdsaOverDigest({ certificate, signatureDer, digest: digestOf(hash, data) })).toBe(true);
    expect(verifyEcdsaOverDigest({ certificate, signatureDer, digest: digestOf(hash, "khác") })).toBe(false);
  });

  it("refuses a signature by another key on the same curve, and a key given as a compressed point still verifies", () => {
    const signer = keyPair("secp384r1");
    const other = keyPair("secp384r1");
    const data = Buffer.from("văn bản");
    const signatureDer = new Uint8Array(sign("sha384", data, signer.privateKey));
    expect(verifyEcdsaOverDigest({ certificate: other.certificate, signatureDer, digest: digestOf("sha384", data) })).toBe(false);
    const compressed = new pkijs.Certificate();
    compressed.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(new Uint8Array(compressedSpki(Buffer.from(signer.certificate.subjectPublicKeyInfo.toSchema().toBER()))));
    expect(verifyEcdsaOverDigest({ certificate: compressed, signatureDer, digest: digestOf("sha384", data) })).toBe(true);
  });

  it("accepts a high-s signature (s > n/2), which OpenSSL and tokens make and FIPS 186-5 allows", () => {
    const { certificate, privateKey } = keyPair("prime256v1");
    const data = Buffer.from("quyết định");
    const digest = digestOf("sha256", data);
    const { r, s } = p256.Signature.fromBytes(new Uint8Array(sign("sha256", data, privateKey)), "der");
    const highS = new p256.Signature(r, s > p256.Point.CURVE().n / 2n ? s : p256.Point.CURVE().n - s);
    expect(verifyEcdsaOverDigest({ certificate, signatureDer: highS.toBytes("der"), digest })).toBe(true);
  });

  it("refuses r or s out of range and signatures that are not an Ecdsa-Sig-Value", () => {
    const { certificate, privateKey } = keyPair("prime256v1");
    const data = Buffer.from("x");
    const digest = digestOf("sha256", data);
    const zeroS = Uint8Array.from([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x00]);
    const negativeR = Uint8Array.from([0x30, 0x06, 0x02, 0x01, 0xff, 0x02, 0x01, 0x01]);
    const withTrailingByte = Uint8Array.from([...sign("sha256", data, privateKey), 0x00]);
    for (const signatureDer of [zeroS, negativeR, withTrailingByte, new Uint8Array(64)]) {
      expect(verifyEcdsaOverDigest({ certificate, signatureDer, digest })).toBe(false);
    }
  });
});
