import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import type { CmsSigner } from "../../shared/cms/cms-signer.js";
import { PKCS12_PASSWORD } from "../../test/pki/test-pki.js";
import { buildCorpus, type CorpusFile } from "../../test/pdf-corpus/build-corpus.js";
import { opensslVerifyEachSignature } from "../../test/pdf-checkers/cms-over-byterange.js";
import { createNssTrustStore, pdfsig } from "../../test/pdf-checkers/pdfsig.js";
import { qpdfCheck } from "../../test/pdf-checkers/qpdf-check.js";
import { testServices } from "../../test/setup/test-services.js";
import { loadPkcs12Signer } from "../keys/pkcs12-signer.js";
import { signPdfFile } from "./sign-pdf-file.js";

const { pki } = testServices();
const run = promisify(execFile);
let scratch: string;
let nssDir: string;
let corpus: CorpusFile[];
const signers: Partial<Record<"rsa2048" | "rsa3072Pss" | "ecdsaP256", CmsSigner>> = {};

const sha256 = async (file: string) => createHash("sha256").update(await readFile(file)).digest("hex");
const p12 = async (file: string) => new Uint8Array(await readFile(file));

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-sign-"));
  nssDir = await createNssTrustStore(join(scratch, "nss"), pki.rootCa.certPemFile);
  corpus = await buildCorpus(scratch);
  signers.rsa2048 = await loadPkcs12Signer({ p12: await p12(pki.entities.signerRsa2048.p12File), password: PKCS12_PASSWORD });
  signers.rsa3072Pss = await loadPkcs12Signer({ p12: await p12(pki.entities.signerRsa3072.p12File), password: PKCS12_PASSWORD, algorithm: { scheme: "rsa-pss" } });
  signers.ecdsaP256 = await loadPkcs12Signer({ p12: await p12(pki.entities.signerEcdsaP256.p12File), password: PKCS12_PASSWORD });
}, 120_000);

async function expectValidSignatures(file: string, count: number): Promise<void> {
  const structure = await qpdfCheck(file);
  expect(structure.ok, structure.output).toBe(true);
  const report = await pdfsig(file, nssDir);
  expect(report).toHaveLength(count);
  for (const signature of report) {
    expect(signature.valid, signature.raw).toBe(true);
    expect(signature.trusted, signature.raw).toBe(true);
  }
  expect(report.at(-1)?.totalDocumentSigned, report.at(-1)?.raw).toBe(true);
  const cms = await opensslVerifyEachSignature({ pdfFile: file, scratchDir: scratch, rootPemFile: pki.rootCa.certPemFile, chainPemFile: pki.chainPemFile });
  expect(cms).toHaveLength(count);
  for (const result of cms) expect(result.ok, result.output).toBe(true);
}

describe("kyso signs real-world PDFs (PAdES B-B, invisible)", () => {
  it("signs every corpus file so that qpdf, pdfsig and openssl cms accept it, leaving the input byte-identical", async () => {
    expect(corpus.length).toBeGreaterThanOrEqual(9);
    for (const input of corpus) {
      const before = await sha256(input.path);
      const output = `${input.path}.signed.pdf`;
      await signPdfFile({ inputPath: input.path, outputPath: output, signer: signers.rsa2048!, signingTime: new Date() }).catch((error: unknown) => {
        throw new Error(`${input.description}: ${String(error)}`, { cause: error });
      });
      expect(await sha256(input.path), input.description).toBe(before);
      const original = await readFile(input.path);
      const signed = await readFile(output);
      expect(signed.subarray(0, original.length).equals(original), `${input.description}: bytes before the update are the input`).toBe(true);
      await expectValidSignatures(output, 1);
    }
  });

  it.each([
    ["RSA-3072 with RSASSA-PSS", "rsa3072Pss"],
    ["ECDSA P-256", "ecdsaP256"],
  ] as const)("signs with %s", async (_label, key) => {
    const input = corpus[0]!.path;
    const output = join(scratch, `${key}.pdf`);
    await signPdfFile({ inputPath: input, outputPath: output, signer: signers[key]!, signingTime: new Date() });
    await expectValidSignatures(output, 1);
  });

  it("keeps the first signature valid when a second and a third are added", async () => {
    for (const input of [corpus.find((f) => f.path.endsWith("qpdf-classic.pdf"))!, corpus[0]!]) {
      const once = `${input.path}.1.pdf`;
      const twice = `${input.path}.2.pdf`;
      const thrice = `${input.path}.3.pdf`;
      await signPdfFile({ inputPath: input.path, outputPath: once, signer: signers.rsa2048!, signingTime: new Date() });
      await signPdfFile({ inputPath: once, outputPath: twice, signer: signers.ecdsaP256!, signingTime: new Date() });
      await signPdfFile({ inputPath: twice, outputPath: thrice, signer: signers.rsa3072Pss!, signingTime: new Date() });
      await expectValidSignatures(thrice, 3);
      const names = (await pdfsig(thrice, nssDir)).map((s) => s.signerName);
      expect(names).toEqual(["Nguyễn Văn An", "Lê Văn Cường", "Trần Thị Bình"]);
    }
  });

  it("keeps a signature made by another signer (poppler pdfsig with NSS) valid when kyso signs after it", async () => {
    const signingNss = join(scratch, "nss-signing");
    await createNssTrustStore(signingNss, pki.rootCa.certPemFile);
    await run("pk12util", ["-i", pki.entities.signerRsa3072.p12File, "-d", `sql:${signingNss}`, "-W", PKCS12_PASSWORD, "-K", ""]);
    const byPoppler = join(scratch, "signed-by-pdfsig.pdf");
    await run("pdfsig", ["-add-signature", "-nssdir", `sql:${signingNss}`, "-nick", pki.entities.signerRsa3072.commonName, corpus[1]!.path, byPoppler]);
    expect((await pdfsig(byPoppler, nssDir))[0]?.valid).toBe(true);
    const output = join(scratch, "pdfsig-then-kyso.pdf");
    await signPdfFile({ inputPath: byPoppler, outputPath: output, signer: signers.rsa2048!, signingTime: new Date() });
    await expectValidSignatures(output, 2);
    expect((await pdfsig(output, nssDir)).map((s) => s.signerName)).toEqual(["Trần Thị Bình", "Nguyễn Văn An"]);
  });

  it("writes an update of the same cross-reference kind as the file (xref stream stays xref stream)", async () => {
    const streamInput = corpus[0]!.path;
    const tableInput = corpus.find((f) => f.path.endsWith("qpdf-classic.pdf"))!.path;
    const fromStream = join(scratch, "kind-stream.pdf");
    const fromTable = join(scratch, "kind-table.pdf");
    await signPdfFile({ inputPath: streamInput, outputPath: fromStream, signer: signers.rsa2048!, signingTime: new Date() });
    await signPdfFile({ inputPath: tableInput, outputPath: fromTable, signer: signers.rsa2048!, signingTime: new Date() });
    const tail = async (file: string, from: string) => (await readFile(file)).subarray((await readFile(from)).length).toString("latin1");
    expect(await tail(fromStream, streamInput)).toMatch(/\/Type \/XRef/);
    expect(await tail(fromStream, streamInput)).not.toMatch(/^xref$/m);
    expect(await tail(fromTable, tableInput)).toMatch(/^xref$/m);
  });

  it("is caught by the same checkers when one signed byte is changed afterwards (the checks can fail)", async () => {
    const output = join(scratch, "tampered.pdf");
    await signPdfFile({ inputPath: corpus[0]!.path, outputPath: output, signer: signers.rsa2048!, signingTime: new Date() });
    const bytes = await readFile(output);
    // A byte inside the first stream's data: the structure stays readable, the content changes.
    const at = bytes.indexOf("stream\n") + "stream\n".length;
    expect(at).toBeGreaterThan(10);
    bytes[at] = bytes[at]! ^ 0x01;
    await writeFile(output, bytes);
    const [signature] = await pdfsig(output, nssDir);
    expect(signature?.valid).toBe(false);
    const [cms] = await opensslVerifyEachSignature({ pdfFile: output, scratchDir: scratch, rootPemFile: pki.rootCa.certPemFile, chainPemFile: pki.chainPemFile });
    expect(cms?.ok).toBe(false);
  });

  it("refuses to overwrite an existing output or the input, writing nothing", async () => {
    const input = corpus[0]!.path;
    const output = join(scratch, "exists.pdf");
    await signPdfFile({ inputPath: input, outputPath: output, signer: signers.rsa2048!, signingTime: new Date() });
    const before = await sha256(output);
    await expect(signPdfFile({ inputPath: input, outputPath: output, signer: signers.rsa2048!, signingTime: new Date() })).rejects.toMatchObject({ code: "OUTPUT_EXISTS" });
    await expect(signPdfFile({ inputPath: input, outputPath: input, signer: signers.rsa2048!, signingTime: new Date(), overwrite: true })).rejects.toMatchObject({ code: "OUTPUT_EXISTS" });
    expect(await sha256(output)).toBe(before);
  });

  it("gives the audit log the SHA-256 of the input and of the signed file, whatever hash the signature uses", async () => {
    const input = corpus[0]!.path;
    const sha384Signer = await loadPkcs12Signer({ p12: await p12(pki.entities.signerEcdsaP256.p12File), password: PKCS12_PASSWORD, algorithm: { hash: "SHA-384" } });
    for (const [name, signer] of [["sha256", signers.rsa2048!], ["sha384", sha384Signer]] as const) {
      const output = join(scratch, `digests-${name}.pdf`);
      const { digests } = await signPdfFile({ inputPath: input, outputPath: output, signer, signingTime: new Date() });
      expect(digests).toEqual({ inputSha256: await sha256(input), outputSha256: await sha256(output) });
    }
  });

  it("answers a missing input with FILE_NOT_FOUND and leaves no output", async () => {
    const output = join(scratch, "never.pdf");
    await expect(signPdfFile({ inputPath: join(scratch, "missing.pdf"), outputPath: output, signer: signers.rsa2048!, signingTime: new Date() })).rejects.toMatchObject({ code: "FILE_NOT_FOUND" });
    expect(existsSync(output)).toBe(false);
  });
});
