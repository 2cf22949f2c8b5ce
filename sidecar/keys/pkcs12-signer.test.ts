import { execFile } from "node:child_process";
import { constants, createPublicKey, verify, X509Certificate, type KeyObject } from "node:crypto";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { runOpenssl } from "../../test/pki/openssl-command.js";
import { PKCS12_PASSWORD } from "../../test/pki/test-pki.js";
import { testServices } from "../../test/setup/test-services.js";
import { loadPkcs12Signer } from "./pkcs12-signer.js";

const run = promisify(execFile);
const { pki } = testServices();
const entities = pki.entities;
let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-pkcs12-"));
});

const TO_BE_SIGNED = new TextEncoder().encode("DER of the SignedAttributes would go here");

async function fileBytes(path: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(path));
}

function publicKeyOf(certificateDer: Uint8Array): KeyObject {
  return createPublicKey(new X509Certificate(certificateDer).publicKey.export({ type: "spki", format: "pem" }));
}

/** A PKCS#12 written by `openssl pkcs12 -export` (OpenSSL 3 defaults unless `extra` says otherwise). */
async function exportP12(options: { keyPemFile: string; certPemFile: string; password: string; extra?: string[] }): Promise<Uint8Array> {
  const out = join(scratch, `${Math.random().toString(16).slice(2)}.p12`);
  await runOpenssl(["pkcs12", "-export", "-inkey", options.keyPemFile, "-in", options.certPemFile, "-passout", `pass:${options.password}`, "-out", out, ...(options.extra ?? [])]);
  return fileBytes(out);
}

describe("PKCS#12 signer: opening the file", () => {
  it("opens OpenSSL 3's default PKCS#12 (PBES2 AES-256-CBC, PBKDF2-HMAC-SHA256, SHA-256 MAC) of the test PKI", async () => {
    // The premise: these really are OpenSSL 3 default files, not legacy ones.
    // `openssl pkcs12 -info` writes the algorithms to stderr.
    const { stderr: info } = await run("openssl", ["pkcs12", "-info", "-noout", "-in", entities.signerRsa2048.p12File, "-passin", `pass:${PKCS12_PASSWORD}`]);
    expect(info).toContain("MAC: sha256");
    expect(info).toMatch(/Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration \d+, PRF hmacWithSHA256/);

    const signer = await loadPkcs12Signer({ p12: await fileBytes(entities.signerRsa2048.p12File), password: PKCS12_PASSWORD });
    expect(Buffer.from(signer.certificateDer).equals(await readFile(entities.signerRsa2048.certDerFile))).toBe(true);
  });

  it("returns the issuing CA and the root as the chain, and not the signer's own certificate", async () => {
    const signer = await loadPkcs12Signer({ p12: await fileBytes(entities.signerEcdsaP256.p12File), password: PKCS12_PASSWORD });
    const chain = signer.chainDer.map((der) => Buffer.from(der).toString("hex")).sort();
    const expected = [await readFile(pki.issuingCa.certDerFile), await readFile(pki.rootCa.certDerFile)].map((der) => der.toString("hex")).sort();
    expect(chain).toEqual(expected);
  });

  it("opens a file whose password has Vietnamese diacritics (UTF-8 → BMPString for the MAC, as OpenSSL does)", async () => {
    const password = "Mật khẩu ký số Đồng Nai";
    const p12 = await exportP12({ keyPemFile: entities.signerRsa2048.keyPemFile, certPemFile: entities.signerRsa2048.certPemFile, password });
    const signer = await loadPkcs12Signer({ p12, password });
    expect(Buffer.from(signer.certificateDer).equals(await readFile(entities.signerRsa2048.certDerFile))).toBe(true);
  });

  it("refuses a wrong password with a typed error that says the password is wrong and does not repeat it", async () => {
    const password = "sai-mật-khẩu";
    const attempt = loadPkcs12Signer({ p12: await fileBytes(entities.signerRsa2048.p12File), password });
    await expect(attempt).rejects.toMatchObject({ name: "KysoError", code: "KEY_PASSWORD_INCORRECT", message: expect.stringMatching(/password .*incorrect/) as unknown });
    const error: unknown = await attempt.catch((e: unknown) => e);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(password);
  });

  it.each([
    ["random bytes", crypto.getRandomValues(new Uint8Array(512))],
    ["an empty file", new Uint8Array()],
    ["a PEM certificate", new TextEncoder().encode("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")],
  ])("refuses %s with a typed error, not a crash", async (_name, p12) => {
    await expect(loadPkcs12Signer({ p12, password: PKCS12_PASSWORD })).rejects.toMatchObject({ name: "KysoError", message: expect.stringMatching(/PKCS#12/) as unknown });
  });

  it("refuses a legacy PKCS#12 (3DES key, RC2 certificates: openssl -legacy) by name instead of calling the password wrong", async () => {
    const p12 = await exportP12({ keyPemFile: entities.signerRsa2048.keyPemFile, certPemFile: entities.signerRsa2048.certPemFile, password: PKCS12_PASSWORD, extra: ["-legacy"] });
    await expect(loadPkcs12Signer({ p12, password: PKCS12_PASSWORD })).rejects.toMatchObject({ name: "KysoError", message: expect.stringMatching(/legacy scheme 1\.2\.840\.113549\.1\.12\.1\.6/) as unknown });
  });

  it("refuses a PKCS#12 without an integrity MAC", async () => {
    const p12 = await exportP12({ keyPemFile: entities.signerRsa2048.keyPemFile, certPemFile: entities.signerRsa2048.certPemFile, password: PKCS12_PASSWORD, extra: ["-nomac"] });
    await expect(loadPkcs12Signer({ p12, password: PKCS12_PASSWORD })).rejects.toMatchObject({ name: "KysoError", message: expect.stringMatching(/no integrity MAC/) as unknown });
  });
});

describe("PKCS#12 signer: algorithms and signatures", () => {
  it("defaults to RSA PKCS#1 v1.5 with SHA-256 for an RSA key, and its signatures verify", async () => {
    const signer = await loadPkcs12Signer({ p12: await fileBytes(entities.signerRsa2048.p12File), password: PKCS12_PASSWORD });
    expect(signer.algorithm).toEqual({ scheme: "rsa-pkcs1-v1_5", hash: "SHA-256" });
    const signature = await signer.sign(TO_BE_SIGNED);
    expect(verify("sha256", TO_BE_SIGNED, { key: publicKeyOf(signer.certificateDer), padding: constants.RSA_PKCS1_PADDING }, signature)).toBe(true);
    expect(verify("sha256", new TextEncoder().encode("other"), publicKeyOf(signer.certificateDer), signature)).toBe(false);
  });

  it("signs with RSASSA-PSS when asked, with the salt as long as the hash", async () => {
    const signer = await loadPkcs12Signer({ p12: await fileBytes(entities.signerRsa3072.p12File), password: PKCS12_PASSWORD, algorithm: { scheme: "rsa-pss", hash: "SHA-384" } });
    expect(signer.algorithm).toEqual({ scheme: "rsa-pss", hash: "SHA-384", saltLength: 48 });
    const signature = await signer.sign(TO_BE_SIGNED);
    const key = publicKeyOf(signer.certificateDer);
    expect(verify("sha384", TO_BE_SIGNED, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 }, signature)).toBe(true);
    expect(verify("sha384", TO_BE_SIGNED, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 20 }, signature)).toBe(false);
  });

  it("defaults to ECDSA with SHA-256 for a P-256 key and returns DER Ecdsa-Sig-Value signatures", async () => {
    const signer = await loadPkcs12Signer({ p12: await fileBytes(entities.signerEcdsaP256.p12File), password: PKCS12_PASSWORD });
    expect(signer.algorithm).toEqual({ scheme: "ecdsa", hash: "SHA-256" });
    const signature = await signer.sign(TO_BE_SIGNED);
    expect(signature[0]).toBe(0x30);
    expect(verify("sha256", TO_BE_SIGNED, { key: publicKeyOf(signer.certificateDer), dsaEncoding: "der" }, signature)).toBe(true);
  });

  it("defaults to ECDSA with SHA-384 for a P-384 key", async () => {
    const keyPemFile = join(scratch, "p384.key.pem");
    const certPemFile = join(scratch, "p384.pem");
    await runOpenssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", keyPemFile]);
    await runOpenssl(["req", "-new", "-x509", "-key", keyPemFile, "-subj", "/CN=P-384 signer", "-days", "1", "-out", certPemFile]);
    const signer = await loadPkcs12Signer({ p12: await exportP12({ keyPemFile, certPemFile, password: PKCS12_PASSWORD }), password: PKCS12_PASSWORD });
    expect(signer.algorithm).toEqual({ scheme: "ecdsa", hash: "SHA-384" });
    expect(verify("sha384", TO_BE_SIGNED, { key: publicKeyOf(signer.certificateDer), dsaEncoding: "der" }, await signer.sign(TO_BE_SIGNED))).toBe(true);
  });

  it.each([
    ["ECDSA on an RSA key", entities.signerRsa2048.p12File, { scheme: "ecdsa" as const }],
    ["RSASSA-PSS on an EC key", entities.signerEcdsaP256.p12File, { scheme: "rsa-pss" as const }],
  ])("refuses %s with a typed error", async (_name, p12File, algorithm) => {
    await expect(loadPkcs12Signer({ p12: await fileBytes(p12File), password: PKCS12_PASSWORD, algorithm })).rejects.toMatchObject({ name: "KysoError", code: "KEY_UNSUPPORTED" });
  });
});
