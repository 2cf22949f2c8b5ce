import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import type { CmsSigner } from "../../shared/cms/cms-signer.js";
import { memoryByteSource } from "../../shared/pdf/byte-source.js";
import { PdfDict, PdfName } from "../../shared/pdf/objects.js";
import { catalogOf } from "../../shared/pdf/read/page-tree.js";
import { PdfDocumentReader } from "../../shared/pdf/read/pdf-document-reader.js";
import { PKCS12_PASSWORD } from "../../test/pki/test-pki.js";
import { createNssTrustStore, pdfsig } from "../../test/pdf-checkers/pdfsig.js";
import { qpdfCheck } from "../../test/pdf-checkers/qpdf-check.js";
import { testServices } from "../../test/setup/test-services.js";
import { loadPkcs12Signer } from "../keys/pkcs12-signer.js";
import { signPdfFile } from "./sign-pdf-file.js";

const { pki } = testServices();
let scratch: string;
let nssDir: string;
let input: string;
let signer: CmsSigner;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-certify-"));
  nssDir = await createNssTrustStore(join(scratch, "nss"), pki.rootCa.certPemFile);
  const document = await PDFDocument.create();
  document.addPage();
  input = join(scratch, "quyet-dinh.pdf");
  await writeFile(input, await document.save());
  signer = await loadPkcs12Signer({ p12: new Uint8Array(await readFile(pki.entities.organisationSeal.p12File)), password: PKCS12_PASSWORD });
});

/** The DocMDP permission the catalog's /Perms points at, read back with kyso's reader. */
async function certificationOf(file: string): Promise<number | undefined> {
  const reader = await PdfDocumentReader.open(memoryByteSource(new Uint8Array(await readFile(file))));
  const { dict } = await catalogOf(reader);
  const signature = await reader.resolveDict((await reader.resolveDict(dict.get("Perms")))?.get("DocMDP"));
  const references = signature?.get("Reference");
  const reference = Array.isArray(references) ? references[0] : undefined;
  if (!(reference instanceof PdfDict) || reference.get("TransformMethod") !== PdfName.of("DocMDP")) return undefined;
  const params = reference.get("TransformParams");
  return params instanceof PdfDict ? (params.get("P") as number) : undefined;
}

describe("certification signatures (DocMDP)", () => {
  it("certifies a document with P=2: /Perms /DocMDP names the signature, and checkers accept it", async () => {
    const output = join(scratch, "certified-p2.pdf");
    await signPdfFile({ inputPath: input, outputPath: output, signer, signingTime: new Date(), certify: 2 });
    expect((await qpdfCheck(output)).ok).toBe(true);
    expect((await pdfsig(output, nssDir))[0]?.valid).toBe(true);
    expect(await certificationOf(output)).toBe(2);
  });

  it("lets an approval signature follow a P=2 certification, both staying valid", async () => {
    const certified = join(scratch, "certified-p2-for-approval.pdf");
    const approved = join(scratch, "certified-then-approved.pdf");
    await signPdfFile({ inputPath: input, outputPath: certified, signer, signingTime: new Date(), certify: 2 });
    const approver = await loadPkcs12Signer({ p12: new Uint8Array(await readFile(pki.entities.signerRsa2048.p12File)), password: PKCS12_PASSWORD });
    await signPdfFile({ inputPath: certified, outputPath: approved, signer: approver, signingTime: new Date() });
    const report = await pdfsig(approved, nssDir);
    expect(report.map((s) => s.valid)).toEqual([true, true]);
  });

  it("refuses, before writing anything, to sign a document certified with P=1", async () => {
    const certified = join(scratch, "certified-p1.pdf");
    const output = join(scratch, "must-not-exist.pdf");
    await signPdfFile({ inputPath: input, outputPath: certified, signer, signingTime: new Date(), certify: 1 });
    await expect(signPdfFile({ inputPath: certified, outputPath: output, signer, signingTime: new Date() })).rejects.toMatchObject({ code: "PDF_CHANGES_NOT_PERMITTED" });
    expect(existsSync(output)).toBe(false);
  });

  it("refuses to certify a document that is already signed (certification comes first)", async () => {
    const signed = join(scratch, "already-signed.pdf");
    await signPdfFile({ inputPath: input, outputPath: signed, signer, signingTime: new Date() });
    await expect(signPdfFile({ inputPath: signed, outputPath: join(scratch, "late-certification.pdf"), signer, signingTime: new Date(), certify: 2 })).rejects.toMatchObject({ code: "CERTIFICATION_NOT_FIRST" });
  });

  it("signs with SHA-384 when asked, as pdfsig reports", async () => {
    const sha384 = await loadPkcs12Signer({ p12: new Uint8Array(await readFile(pki.entities.signerRsa2048.p12File)), password: PKCS12_PASSWORD, algorithm: { hash: "SHA-384" } });
    const output = join(scratch, "sha384.pdf");
    await signPdfFile({ inputPath: input, outputPath: output, signer: sha384, signingTime: new Date() });
    const [signature] = await pdfsig(output, nssDir);
    expect(signature?.valid).toBe(true);
    expect(signature?.raw).toContain("Signing Hash Algorithm: SHA-384");
  });
});
