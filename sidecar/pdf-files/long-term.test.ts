import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import type { CmsSigner } from "../../shared/cms/cms-signer.js";
import type { ValidationDataTransport } from "../../shared/pades/ltv/validation-data-transport.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import { opensslVerifyEachSignature } from "../../test/pdf-checkers/cms-over-byterange.js";
import { readDocumentSecurityStore } from "../../test/pdf-checkers/document-security-store.js";
import { opensslVerifyDocumentTimestamps } from "../../test/pdf-checkers/document-timestamps.js";
import { createNssTrustStore, pdfsig } from "../../test/pdf-checkers/pdfsig.js";
import { qpdfCheck } from "../../test/pdf-checkers/qpdf-check.js";
import { PKCS12_PASSWORD } from "../../test/pki/test-pki.js";
import { buildCorpus } from "../../test/pdf-corpus/build-corpus.js";
import { testServices } from "../../test/setup/test-services.js";
import { loadPkcs12Signer } from "../keys/pkcs12-signer.js";
import { tsaHttpTransport } from "../network/tsa-http-transport.js";
import { validationDataHttpTransport } from "../network/validation-data-http-transport.js";
import { extendPdfFile } from "./extend-pdf-file.js";
import { signPdfFile } from "./sign-pdf-file.js";

const { pki, tsaUrl } = testServices();
const run = promisify(execFile);
let scratch: string;
let nssDir: string;
let input: string;
let signer: CmsSigner;
const timestamp = tsaHttpTransport({ url: tsaUrl });
const validationData = validationDataHttpTransport();
const der = async (file: string) => readFile(file);
const sha1Upper = (bytes: Uint8Array) => createHash("sha1").update(bytes).digest("hex").toUpperCase();

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-ltv-"));
  nssDir = await createNssTrustStore(join(scratch, "nss"), pki.rootCa.certPemFile);
  const corpus = await buildCorpus(scratch);
  input = corpus.find((file) => file.path.endsWith(".pdf"))!.path;
  signer = await loadPkcs12Signer({ p12: new Uint8Array(await readFile(pki.entities.signerRsa2048.p12File)), password: PKCS12_PASSWORD });
}, 120_000);

/** The serial and status `openssl ocsp` reads from an embedded response it verifies against the test root. */
async function opensslOcspStatus(responseDer: Buffer, name: string): Promise<string> {
  const file = join(scratch, `${name}.ocsp`);
  await writeFile(file, responseDer);
  const { stdout, stderr } = await run("openssl", ["ocsp", "-respin", file, "-CAfile", pki.rootCa.certPemFile, "-verify_other", pki.chainPemFile, "-resp_text"]);
  expect(stderr).toMatch(/Response verify OK/);
  return stdout;
}

async function expectFirstSignatureStillValid(file: string): Promise<void> {
  const structure = await qpdfCheck(file);
  expect(structure.ok, structure.output).toBe(true);
  const [first] = await pdfsig(file, nssDir);
  expect(first?.valid, first?.raw).toBe(true);
  const [cms] = await opensslVerifyEachSignature({ pdfFile: file, scratchDir: scratch, rootPemFile: pki.rootCa.certPemFile, chainPemFile: pki.chainPemFile });
  expect(cms?.ok, cms?.output).toBe(true);
}

describe("PAdES B-LT: a DSS with the validation data of the signature and its timestamp", () => {
  let output: string;
  beforeAll(async () => {
    output = join(scratch, "b-lt.pdf");
    const signed = await signPdfFile({ inputPath: input, outputPath: output, signer, signingTime: new Date(), timestamp, longTerm: { level: "B-LT", validationData } });
    expect(signed.level).toBe("B-LT");
  });

  it("keeps the signature valid for qpdf, pdfsig and openssl after the DSS update", async () => {
    await expectFirstSignatureStillValid(output);
  });

  it("embeds the signer's, the TSA's, the issuing CA's and the root's certificates, byte for byte", async () => {
    const dss = (await readDocumentSecurityStore(output))!;
    for (const file of [pki.entities.signerRsa2048.certDerFile, pki.entities.timestampAuthority.certDerFile, pki.issuingCa.certDerFile, pki.rootCa.certDerFile]) {
      const expected = await der(file);
      expect(dss.certs.some((cert) => cert.equals(expected)), file).toBe(true);
    }
  });

  it("embeds good OCSP responses for the signer and the TSA that openssl verifies, and the root's CRL for the issuing CA", async () => {
    const dss = (await readDocumentSecurityStore(output))!;
    expect(dss.ocsps).toHaveLength(2);
    const statuses = await Promise.all(dss.ocsps.map((response, i) => opensslOcspStatus(response, `lt-${i}`)));
    for (const entity of [pki.entities.signerRsa2048, pki.entities.timestampAuthority]) {
      const text = statuses.find((status) => status.replace(/\s/g, "").toUpperCase().includes(`SERIALNUMBER:${entity.serialHex}`));
      expect(text, entity.name).toMatch(/Cert Status: good/);
    }
    const rootCrl = await der(pki.rootCa.crlDerFile);
    expect(dss.crls.some((crl) => crl.equals(rootCrl))).toBe(true);
  });

  it("keys the signature's VRI entry by the SHA-1 of its /Contents (ISO 32000-2 §12.8.4.4)", async () => {
    const pdf = await readFile(output);
    const match = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)/.exec(pdf.toString("latin1"))!;
    const contents = Buffer.from(pdf.subarray(Number(match[1]) + 1, Number(match[2]) - 1).toString("latin1"), "hex");
    expect((await readDocumentSecurityStore(output))!.vriKeys).toContain(sha1Upper(contents));
  });
});

describe("PAdES B-LTA and upgrading signed files", () => {
  it("signs at B-LTA: the document timestamp over the DSS verifies with openssl ts, and the signature stays valid", async () => {
    const output = join(scratch, "b-lta.pdf");
    await signPdfFile({ inputPath: input, outputPath: output, signer, signingTime: new Date(), timestamp, longTerm: { level: "B-LTA", validationData } });
    await expectFirstSignatureStillValid(output);
    const stamps = await opensslVerifyDocumentTimestamps({ pdfFile: output, scratchDir: scratch, rootPemFile: pki.rootCa.certPemFile, chainPemFile: pki.chainPemFile });
    expect(stamps).toHaveLength(1);
    expect(stamps[0]?.ok, stamps[0]?.output).toBe(true);
    const text = (await readFile(output)).toString("latin1");
    expect(text.lastIndexOf("/DocTimeStamp")).toBeGreaterThan(text.lastIndexOf("/DSS"));
  });

  it("upgrades a B-B file: a document timestamp first (for T), then the DSS, then the archive timestamp; the original bytes stay a prefix", async () => {
    const signed = join(scratch, "upgrade-b-b.pdf");
    await signPdfFile({ inputPath: input, outputPath: signed, signer, signingTime: new Date() });
    const output = join(scratch, "upgrade-b-lta.pdf");
    const result = await extendPdfFile({ inputPath: signed, outputPath: output, level: "B-LTA", validationData, timestamp });
    expect(result.added).toEqual(["document-timestamp", "dss", "document-timestamp"]);
    const before = await readFile(signed);
    const after = await readFile(output);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    await expectFirstSignatureStillValid(output);
    const stamps = await opensslVerifyDocumentTimestamps({ pdfFile: output, scratchDir: scratch, rootPemFile: pki.rootCa.certPemFile, chainPemFile: pki.chainPemFile });
    expect(stamps.map((s) => s.ok)).toEqual([true, true]);
    // The DSS also covers the first document timestamp: two VRI entries.
    expect((await readDocumentSecurityStore(output))!.vriKeys).toHaveLength(2);
  });

  it("extends an LTA file again without writing the certificates it already holds a second time", async () => {
    const first = join(scratch, "again-1.pdf");
    await signPdfFile({ inputPath: input, outputPath: first, signer, signingTime: new Date(), timestamp, longTerm: { level: "B-LTA", validationData } });
    const second = join(scratch, "again-2.pdf");
    await extendPdfFile({ inputPath: first, outputPath: second, level: "B-LTA", validationData, timestamp });
    const [before, after] = [(await readDocumentSecurityStore(first))!, (await readDocumentSecurityStore(second))!];
    expect(after.certs).toHaveLength(before.certs.length);
    const stamps = await opensslVerifyDocumentTimestamps({ pdfFile: second, scratchDir: scratch, rootPemFile: pki.rootCa.certPemFile, chainPemFile: pki.chainPemFile });
    expect(stamps.map((s) => s.ok)).toEqual([true, true]);
    await expectFirstSignatureStillValid(second);
  });

  it("refuses to extend a file that has no signature, with PDF_NOT_SIGNED and no output", async () => {
    const output = join(scratch, "unsigned-lt.pdf");
    await expect(extendPdfFile({ inputPath: input, outputPath: output, level: "B-LT", validationData, timestamp })).rejects.toMatchObject({ code: "PDF_NOT_SIGNED" });
    expect(existsSync(output)).toBe(false);
  });

  it("asks for a TSA (TIMESTAMP_REQUIRED) to raise an untimestamped signature to B-LT", async () => {
    const signed = join(scratch, "untimed.pdf");
    await signPdfFile({ inputPath: input, outputPath: signed, signer, signingTime: new Date() });
    await expect(extendPdfFile({ inputPath: signed, outputPath: join(scratch, "untimed-lt.pdf"), level: "B-LT", validationData })).rejects.toMatchObject({ code: "TIMESTAMP_REQUIRED" });
  });
});

describe("timestamp requests in a batch", () => {
  it("probes the TSA's token size once per batch: three B-T documents cost four requests, not six", async () => {
    let requests = 0;
    const counted = { post: (requestDer: Uint8Array) => { requests += 1; return timestamp.post(requestDer); } };
    for (const name of ["a", "b", "c"]) {
      const output = join(scratch, `batch-${name}.pdf`);
      await signPdfFile({ inputPath: input, outputPath: output, signer, signingTime: new Date(), timestamp: counted });
      const [signature] = await pdfsig(output, nssDir);
      expect(signature?.valid, signature?.raw).toBe(true);
    }
    expect(requests).toBe(4);
  });
});

describe("long-term levels on an encrypted document", () => {
  it("signs an AES-256 file at B-LTA with its password: DSS and document timestamp encrypted like the rest, all checkers agree", async () => {
    const encrypted = join(scratch, "aes256.pdf");
    await run("qpdf", ["--encrypt", "mo-tep", "chu-so-huu", "256", "--", input, encrypted]);
    const output = join(scratch, "aes256-b-lta.pdf");
    await signPdfFile({ inputPath: encrypted, outputPath: output, signer, signingTime: new Date(), timestamp, longTerm: { level: "B-LTA", validationData }, password: "mo-tep" });
    expect((await qpdfCheck(output, { password: "mo-tep" })).ok).toBe(true);
    const [signature] = await pdfsig(output, nssDir, { userPassword: "mo-tep" });
    expect(signature?.valid, signature?.raw).toBe(true);
    expect((await readDocumentSecurityStore(output, { password: "mo-tep" }))?.ocsps).toHaveLength(2);
    const stamps = await opensslVerifyDocumentTimestamps({ pdfFile: output, scratchDir: scratch, rootPemFile: pki.rootCa.certPemFile, chainPemFile: pki.chainPemFile });
    expect(stamps.map((s) => s.ok)).toEqual([true]);
  });
});

describe("B-LT when revocation data is bad or missing", () => {
  it("stops with CERTIFICATE_REVOKED for a revoked signer and writes nothing", async () => {
    const revoked = await loadPkcs12Signer({ p12: new Uint8Array(await readFile(pki.entities.revokedSigner.p12File)), password: PKCS12_PASSWORD });
    const output = join(scratch, "revoked-lt.pdf");
    const attempt = signPdfFile({ inputPath: input, outputPath: output, signer: revoked, signingTime: new Date(), timestamp, longTerm: { level: "B-LT", validationData } });
    await expect(attempt).rejects.toBeInstanceOf(KysoError);
    await expect(attempt).rejects.toMatchObject({ code: "CERTIFICATE_REVOKED" });
    expect(existsSync(output)).toBe(false);
  });

  it("falls back to the CRLs named in the certificates when the OCSP responder is down", async () => {
    const noOcsp: ValidationDataTransport = { get: (url) => validationData.get(url), postOcsp: () => Promise.reject(new KysoError("REVOCATION_UNAVAILABLE", "down")) };
    const output = join(scratch, "crl-only.pdf");
    await signPdfFile({ inputPath: input, outputPath: output, signer, signingTime: new Date(), timestamp, longTerm: { level: "B-LT", validationData: noOcsp } });
    const dss = (await readDocumentSecurityStore(output))!;
    expect(dss.ocsps).toHaveLength(0);
    const issuingCrl = await der(pki.issuingCa.crlDerFile);
    expect(dss.crls.some((crl) => crl.equals(issuingCrl))).toBe(true);
    await expectFirstSignatureStillValid(output);
  });

  it("names the certificate with REVOCATION_UNAVAILABLE when neither OCSP nor CRL answers, and writes nothing", async () => {
    const offline: ValidationDataTransport = {
      get: () => Promise.reject(new KysoError("REVOCATION_UNAVAILABLE", "offline")),
      postOcsp: () => Promise.reject(new KysoError("REVOCATION_UNAVAILABLE", "offline")),
    };
    const output = join(scratch, "offline-lt.pdf");
    const attempt = signPdfFile({ inputPath: input, outputPath: output, signer, signingTime: new Date(), timestamp, longTerm: { level: "B-LT", validationData: offline } });
    await expect(attempt).rejects.toMatchObject({ code: "REVOCATION_UNAVAILABLE", message: expect.stringContaining(pki.entities.signerRsa2048.commonName) as unknown });
    expect(existsSync(output)).toBe(false);
  });
});
