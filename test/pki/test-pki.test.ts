import { X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { testServices } from "../setup/test-services.js";
import { runOpenssl } from "./openssl-command.js";

const { pki, repositoryBaseUrl, ocspUrl } = testServices();
const certificate = async (file: string) => new X509Certificate(await readFile(file));
const now = new Date();

describe("test PKI", () => {
  it("chains every good end-entity certificate to the test root through the issuing CA", async () => {
    const e = pki.entities;
    for (const entity of [e.signerRsa2048, e.signerRsa3072, e.signerEcdsaP256, e.organisationSeal, e.timestampAuthority, e.ocspResponder]) {
      const out = await runOpenssl(["verify", "-CAfile", pki.rootCa.certPemFile, "-untrusted", pki.issuingCa.certPemFile, entity.certPemFile]);
      expect(out.toString("utf8")).toContain(": OK");
    }
  });

  it("keeps Vietnamese names intact as UTF-8 in subjects", async () => {
    const cert = await certificate(pki.entities.signerRsa2048.certPemFile);
    expect(cert.subject).toContain("CN=Nguyễn Văn An");
    expect(cert.subject).toContain("O=UBND tỉnh Gia Lai");
    // UTF8String (tag 0x0c) holding the exact UTF-8 bytes, not T61/BMP strings.
    expect(cert.raw.includes(Buffer.concat([Buffer.from([0x0c, Buffer.byteLength("Nguyễn Văn An")]), Buffer.from("Nguyễn Văn An")]))).toBe(true);
  });

  it("issues the key types signing must support: RSA-2048, RSA-3072 and ECDSA P-256", async () => {
    const details = async (file: string) => (await certificate(file)).publicKey.asymmetricKeyDetails;
    expect((await details(pki.entities.signerRsa2048.certPemFile))?.modulusLength).toBe(2048);
    expect((await details(pki.entities.signerRsa3072.certPemFile))?.modulusLength).toBe(3072);
    expect((await details(pki.entities.signerEcdsaP256.certPemFile))?.namedCurve).toBe("prime256v1");
  });

  it("has an expired and a not-yet-valid signer", async () => {
    expect(new Date((await certificate(pki.entities.expiredSigner.certPemFile)).validTo).getTime()).toBeLessThan(now.getTime());
    expect(new Date((await certificate(pki.entities.notYetValidSigner.certPemFile)).validFrom).getTime()).toBeGreaterThan(now.getTime());
  });

  it("lists the revoked signer, and only it, in the issuing CA's CRL", async () => {
    const crlText = (await runOpenssl(["crl", "-inform", "DER", "-in", pki.issuingCa.crlDerFile, "-noout", "-text"])).toString("utf8");
    expect(crlText).toContain(`Serial Number: ${pki.entities.revokedSigner.serialHex}`);
    expect(crlText).toContain("Key Compromise");
    expect(crlText).not.toContain(`Serial Number: ${pki.entities.signerRsa2048.serialHex}`);
  });

  it("gives the TSA certificate the single critical EKU timeStamping (RFC 3161 2.3)", async () => {
    const text = (await runOpenssl(["x509", "-in", pki.entities.timestampAuthority.certPemFile, "-noout", "-ext", "extendedKeyUsage"])).toString("utf8");
    expect(text).toMatch(/Extended Key Usage: critical\s+Time Stamping\s*$/);
  });

  it("marks document signers digitalSignature + nonRepudiation and the odd one out without them", async () => {
    const keyUsage = async (file: string) => (await runOpenssl(["x509", "-in", file, "-noout", "-ext", "keyUsage"])).toString("utf8");
    expect(await keyUsage(pki.entities.signerRsa2048.certPemFile)).toContain("Digital Signature, Non Repudiation");
    const odd = await keyUsage(pki.entities.signerWithoutSigningUsage.certPemFile);
    expect(odd).toContain("Key Encipherment");
    expect(odd).not.toContain("Digital Signature");
  });

  it("points AIA (OCSP, caIssuers) and CRL distribution points at the loopback test services", async () => {
    const cert = await certificate(pki.entities.signerRsa2048.certPemFile);
    expect(cert.infoAccess).toContain(`OCSP - URI:${ocspUrl}`);
    expect(cert.infoAccess).toContain(`CA Issuers - URI:${repositoryBaseUrl}/certs/issuing-ca.cer`);
    const cdp = (await runOpenssl(["x509", "-in", pki.entities.signerRsa2048.certPemFile, "-noout", "-ext", "crlDistributionPoints"])).toString("utf8");
    expect(cdp).toContain(`URI:${repositoryBaseUrl}/crl/issuing-ca.crl`);
  });

  it("keeps the certificates and keys of this run out of the repository (generated under the run's state dir)", () => {
    expect(pki.dir.startsWith(testServices().stateDir)).toBe(true);
  });
});
