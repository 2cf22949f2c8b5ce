import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { P12Signer as LibpdfP12Signer, PDF } from "@libpdf/core";
import { plainAddPlaceholder } from "@signpdf/placeholder-plain";
import { P12Signer } from "@signpdf/signer-p12";
import { SignPdf } from "@signpdf/signpdf";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { opensslVerifyEachSignature } from "../../test/pdf-checkers/cms-over-byterange.js";
import { createNssTrustStore, pdfsig } from "../../test/pdf-checkers/pdfsig.js";
import { qpdfCheck } from "../../test/pdf-checkers/qpdf-check.js";
import { PKCS12_PASSWORD } from "../../test/pki/test-pki.js";
import { testServices } from "../../test/setup/test-services.js";
import { loadPkcs12Signer } from "../keys/pkcs12-signer.js";
import { signPdfFile } from "./sign-pdf-file.js";

const { pki } = testServices();
let scratch: string;
let nssDir: string;
let input: Uint8Array;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-peers-"));
  nssDir = await createNssTrustStore(join(scratch, "nss"), pki.rootCa.certPemFile);
  const document = await PDFDocument.create();
  document.addPage();
  // placeholder-plain reads only classic cross-reference tables.
  input = await document.save({ useObjectStreams: false });
});

/** Signs `signedByPeer` again with kyso and checks both signatures with qpdf, pdfsig and openssl. */
async function expectKysoKeepsItValid(signedByPeer: string): Promise<void> {
  const output = `${signedByPeer}.kyso.pdf`;
  const signer = await loadPkcs12Signer({ p12: new Uint8Array(await readFile(pki.entities.signerEcdsaP256.p12File)), password: PKCS12_PASSWORD });
  await signPdfFile({ inputPath: signedByPeer, outputPath: output, signer, signingTime: new Date() });
  expect((await qpdfCheck(output)).ok).toBe(true);
  const report = await pdfsig(output, nssDir);
  expect(report).toHaveLength(2);
  for (const signature of report) expect(signature.valid, signature.raw).toBe(true);
  expect(report[1]?.totalDocumentSigned).toBe(true);
  const cms = await opensslVerifyEachSignature({ pdfFile: output, scratchDir: scratch, rootPemFile: pki.rootCa.certPemFile, chainPemFile: pki.chainPemFile });
  expect(cms.map((c) => c.ok)).toEqual([true, true]);
}

describe("kyso signs after other signing libraries, keeping their signatures valid", () => {
  it("after @signpdf/signpdf (placeholder-plain, signer-p12)", async () => {
    const signer = new P12Signer(await readFile(pki.entities.signerRsa2048.p12File), { passphrase: PKCS12_PASSWORD });
    const withPlaceholder = plainAddPlaceholder({ pdfBuffer: Buffer.from(input), reason: "Phê duyệt", contactInfo: "", name: "", location: "" });
    const file = join(scratch, "signpdf.pdf");
    await writeFile(file, await new SignPdf().sign(withPlaceholder, signer));
    await expectKysoKeepsItValid(file);
  });

  it("after @libpdf/core (PAdES B-B)", async () => {
    const pdf = await PDF.load(input);
    const signer = await LibpdfP12Signer.create(await readFile(pki.entities.signerRsa2048.p12File), PKCS12_PASSWORD);
    const { bytes } = await pdf.sign({ signer, level: "B-B", subFilter: "ETSI.CAdES.detached", digestAlgorithm: "SHA-256" });
    const file = join(scratch, "libpdf.pdf");
    await writeFile(file, bytes);
    await expectKysoKeepsItValid(file);
  });
});
