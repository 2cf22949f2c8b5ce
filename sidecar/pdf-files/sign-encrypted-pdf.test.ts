import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import type { CmsSigner } from "../../shared/cms/cms-signer.js";
import { opensslVerifyEachSignature } from "../../test/pdf-checkers/cms-over-byterange.js";
import { createNssTrustStore, pdfsig } from "../../test/pdf-checkers/pdfsig.js";
import { qpdfCheck } from "../../test/pdf-checkers/qpdf-check.js";
import { PKCS12_PASSWORD } from "../../test/pki/test-pki.js";
import { testServices } from "../../test/setup/test-services.js";
import { loadPkcs12Signer } from "../keys/pkcs12-signer.js";
import { signPdfFile, type SignPdfFileOptions } from "./sign-pdf-file.js";

const { pki } = testServices();
const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
const USER = "mật khẩu người dùng";
const OWNER = "owner-Chủ-sở-hữu";
let scratch: string;
let nssDir: string;
let base: string;
let signer: CmsSigner;

/** qpdf [output options] --encrypt USER OWNER BITS [encryption options] --: the encrypted inputs the tests sign. */
async function encrypted(name: string, options: { user: string; bits: 40 | 128 | 256; extra?: string[]; output?: string[] }): Promise<string> {
  const path = join(scratch, name);
  // RC4 is "weak crypto" to qpdf 11: it still writes it when asked, as old producers did.
  const weak = options.bits === 256 || options.extra?.includes("--use-aes=y") ? [] : ["--allow-weak-crypto"];
  await run("qpdf", [...weak, ...(options.output ?? []), "--encrypt", options.user, OWNER, String(options.bits), ...(options.extra ?? []), "--", base, path]);
  return path;
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-encrypted-"));
  nssDir = await createNssTrustStore(join(scratch, "nss"), pki.rootCa.certPemFile);
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.TimesRoman);
  document.addPage([595, 842]).drawText("Cong van mat - UBND tinh Gia Lai", { x: 72, y: 760, size: 12, font });
  document.setTitle("Công văn mật");
  base = join(scratch, "goc.pdf");
  await writeFile(base, await document.save({ useObjectStreams: true }));
  signer = await loadPkcs12Signer({ p12: new Uint8Array(await readFile(pki.entities.signerRsa2048.p12File)), password: PKCS12_PASSWORD });
}, 120_000);

const sign = (options: Omit<SignPdfFileOptions, "signer" | "signingTime">) => signPdfFile({ signer, signingTime: new Date(), reason: "Đồng ý ban hành", ...options });

/** The object dictionaries of a file as qpdf decrypts them (qpdf JSON v2: text strings as "u:…"). */
async function qpdfObjects(file: string, password: string): Promise<Array<Record<string, unknown>>> {
  const { stdout } = await run("qpdf", [`--password=${password}`, "--json=2", "--json-key=qpdf", file], { maxBuffer: 64 * 1024 * 1024 });
  const objects = (JSON.parse(stdout) as { qpdf: [unknown, Record<string, { value?: Record<string, unknown>; stream?: { dict: Record<string, unknown> } }>] }).qpdf[1];
  return Object.values(objects).map((object) => object.value ?? object.stream?.dict ?? {});
}

/** qpdf --check, pdfsig and openssl cms over the ByteRange, each opening the file with `password`. */
async function expectSignedAndValid(options: { input: string; output: string; password: string; as: "user" | "owner" }): Promise<void> {
  const { input, output, password } = options;
  const original = await readFile(input);
  const signed = await readFile(output);
  expect(signed.subarray(0, original.length).equals(original), "the bytes before the update are the input").toBe(true);
  const structure = await qpdfCheck(output, { password });
  expect(structure.ok, structure.output).toBe(true);
  const [signature, ...more] = await pdfsig(output, nssDir, options.as === "user" ? { userPassword: password } : { ownerPassword: password });
  expect(more).toHaveLength(0);
  expect(signature?.valid, signature?.raw).toBe(true);
  expect(signature?.trusted, signature?.raw).toBe(true);
  expect(signature?.totalDocumentSigned, signature?.raw).toBe(true);
  const cms = await opensslVerifyEachSignature({ pdfFile: output, scratchDir: scratch, rootPemFile: pki.rootCa.certPemFile, chainPemFile: pki.chainPemFile });
  expect(cms.map((c) => c.ok)).toEqual([true]);
  // The new objects are encrypted like the old ones: no clear text in the update, the right text once decrypted.
  const update = signed.subarray(original.length).toString("latin1");
  expect(update).toMatch(/\/Encrypt \d+ 0 R/);
  expect(update).not.toContain("(D:");
  const signatureDictionary = (await qpdfObjects(output, password)).find((dict) => dict["/Type"] === "/Sig");
  expect(signatureDictionary?.["/Reason"]).toBe("u:Đồng ý ban hành");
  expect(signatureDictionary?.["/M"]).toMatch(/^u:D:\d{14}\+07'00'$/);
}

describe("kyso signs encrypted PDFs (ISO 32000-2 §7.6, Standard security handler)", () => {
  it.each<{ label: string; name: string; bits: 40 | 128 | 256; extra?: string[]; output?: string[] }>([
    { label: "RC4 40-bit (R2)", name: "r2-rc4-40.pdf", bits: 40 },
    { label: "RC4 128-bit (R3)", name: "r3-rc4-128.pdf", bits: 128, extra: ["--use-aes=n"] },
    { label: "AES-128 (R4, crypt filter /AESV2)", name: "r4-aes-128.pdf", bits: 128, extra: ["--use-aes=y"] },
    { label: "AES-128 with clear-text metadata (R4, /EncryptMetadata false)", name: "r4-aes-128-clear-metadata.pdf", bits: 128, extra: ["--use-aes=y", "--cleartext-metadata"] },
    { label: "AES-256 (R6, /AESV3)", name: "r6-aes-256.pdf", bits: 256 },
    { label: "AES-256 with a classic xref table (R6)", name: "r6-aes-256-table.pdf", bits: 256, output: ["--object-streams=disable"] },
    { label: "AES-256 as Adobe's withdrawn R5", name: "r5-aes-256.pdf", bits: 256, extra: ["--force-R5"] },
  ])("signs a file encrypted with $label given its user password, valid for qpdf, pdfsig and openssl", async ({ name, ...encryption }) => {
    const input = await encrypted(name, { user: USER, ...encryption });
    const before = await readFile(input);
    const signed = join(scratch, `signed-${name}`);
    await sign({ inputPath: input, outputPath: signed, password: USER });
    expect((await readFile(input)).equals(before)).toBe(true);
    await expectSignedAndValid({ input, output: signed, password: USER, as: "user" });
  });

  it.each<{ label: string; name: string; bits: 128 | 256; extra: string[] }>([
    { label: "RC4 128-bit (R3)", name: "owner-r3.pdf", bits: 128, extra: ["--use-aes=n"] },
    { label: "AES-256 (R6)", name: "owner-r6.pdf", bits: 256, extra: [] },
  ])("signs a $label file given its owner password instead", async ({ name, bits, extra }) => {
    const input = await encrypted(name, { user: USER, bits, extra });
    const output = join(scratch, `signed-${name}`);
    await sign({ inputPath: input, outputPath: output, password: OWNER });
    await expectSignedAndValid({ input, output, password: OWNER, as: "owner" });
  });

  it("keeps the first signature valid when an encrypted file is signed a second time (its /Contents is read as it is)", async () => {
    for (const [name, bits, extra] of [["twice-r3.pdf", 128, ["--use-aes=n"]], ["twice-r6.pdf", 256, []]] as const) {
      const input = await encrypted(name, { user: USER, bits, extra: [...extra] });
      const once = join(scratch, `once-${name}`);
      const twice = join(scratch, `twice-${name}`);
      await sign({ inputPath: input, outputPath: once, password: USER });
      await sign({ inputPath: once, outputPath: twice, password: USER });
      expect((await qpdfCheck(twice, { password: USER })).ok, name).toBe(true);
      const report = await pdfsig(twice, nssDir, { userPassword: USER });
      expect(report.map((signature) => signature.valid), name).toEqual([true, true]);
      expect(report.at(-1)?.totalDocumentSigned, name).toBe(true);
      const cms = await opensslVerifyEachSignature({ pdfFile: twice, scratchDir: scratch, rootPemFile: pki.rootCa.certPemFile, chainPemFile: pki.chainPemFile });
      expect(cms.map((c) => c.ok), name).toEqual([true, true]);
    }
  });

  it("signs a file that only has an owner password (empty user password) without asking for one", async () => {
    const input = await encrypted("owner-only.pdf", { user: "", bits: 256 });
    const output = join(scratch, "signed-owner-only.pdf");
    await sign({ inputPath: input, outputPath: output });
    await expectSignedAndValid({ input, output, password: "", as: "user" });
  });

  it("refuses an owner-restricted file (no form filling, no changes) without the owner password, and signs it with it", async () => {
    const input = await encrypted("restricted.pdf", { user: "", bits: 256, extra: ["--modify=none", "--form=n", "--annotate=n"] });
    const refused = join(scratch, "signed-restricted-refused.pdf");
    await expect(sign({ inputPath: input, outputPath: refused })).rejects.toMatchObject({ code: "PDF_OWNER_PASSWORD_REQUIRED" });
    expect(existsSync(refused)).toBe(false);
    const output = join(scratch, "signed-restricted.pdf");
    await sign({ inputPath: input, outputPath: output, password: OWNER });
    await expectSignedAndValid({ input, output, password: OWNER, as: "owner" });
  });

  it("answers a wrong password with PDF_PASSWORD_INCORRECT and a missing one with PDF_PASSWORD_REQUIRED, writing nothing", async () => {
    for (const [name, bits, extra] of [["wrong-r3.pdf", 128, ["--use-aes=n"]], ["wrong-r4.pdf", 128, ["--use-aes=y"]], ["wrong-r6.pdf", 256, []]] as const) {
      const input = await encrypted(name, { user: USER, bits, extra: [...extra] });
      const before = await readFile(input);
      const output = join(scratch, `signed-${name}`);
      await expect(sign({ inputPath: input, outputPath: output, password: "sai mật khẩu" })).rejects.toMatchObject({ code: "PDF_PASSWORD_INCORRECT" });
      await expect(sign({ inputPath: input, outputPath: output })).rejects.toMatchObject({ code: "PDF_PASSWORD_REQUIRED" });
      expect(existsSync(output), name).toBe(false);
      expect((await readFile(input)).equals(before), name).toBe(true);
    }
  });

  it("draws a visible signature (approval) on an AES-256 file exactly as on the same file unencrypted", async () => {
    const input = await encrypted("visible-r6.pdf", { user: USER, bits: 256 });
    const fonts = { regular: await readFile(join(root, "shared/appearance/fonts/Tinos-Regular.ttf")), bold: await readFile(join(root, "shared/appearance/fonts/Tinos-Bold.ttf")) };
    const appearance = { profile: "approval" as const, fonts, signerName: "Nguyễn Văn An", organisation: "Ủy ban nhân dân tỉnh Gia Lai" };
    const signingTime = new Date("2026-11-22T03:30:00Z");
    const reason = "Đồng ý ban hành";
    const clear = join(scratch, "visible-clear.pdf");
    const secret = join(scratch, "visible-r6-signed.pdf");
    await signPdfFile({ signer, signingTime, reason, appearance, inputPath: base, outputPath: clear });
    await signPdfFile({ signer, signingTime, reason, appearance, inputPath: input, outputPath: secret, password: USER });
    await expectSignedAndValid({ input, output: secret, password: USER, as: "user" });
    const render = async (file: string, password?: string) => {
      const prefix = join(scratch, `render-${Math.random().toString(36).slice(2)}`);
      await run("pdftoppm", [...(password === undefined ? [] : ["-upw", password]), "-r", "50", "-singlefile", file, prefix]);
      return readFile(`${prefix}.ppm`);
    };
    const unsigned = await render(base);
    const expected = await render(clear);
    expect(expected.equals(unsigned), "the clear file's signature draws something").toBe(false);
    expect((await render(secret, USER)).equals(expected), "the encrypted file renders like the clear one").toBe(true);
    await run("pdftoppm", ["-upw", USER, "-png", "-r", "50", "-singlefile", secret, join(root, "test-artifacts", "appearance-approval-aes256")]);
  });

  it("refuses a file whose security handler is not the password-based /Standard one (as /Adobe.PubSec) with PDF_ENCRYPTED", async () => {
    const standard = await readFile(await encrypted("pubsec-source.pdf", { user: USER, bits: 128, extra: ["--use-aes=y"] }));
    // Same length, so every xref offset stays right: only the handler's name differs.
    const pubSec = Buffer.from(standard.toString("latin1").replace("/Filter /Standard", "/Filter /PubSecXY"), "latin1");
    expect(pubSec.length).toBe(standard.length);
    const input = join(scratch, "pubsec.pdf");
    await writeFile(input, pubSec);
    await expect(sign({ inputPath: input, outputPath: join(scratch, "signed-pubsec.pdf"), password: USER })).rejects.toMatchObject({ code: "PDF_ENCRYPTED" });
  });
});
