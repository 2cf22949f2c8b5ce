import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument, PDFName, PDFString } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import type { CmsSigner } from "../../shared/cms/cms-signer.js";
import { opensslVerifyEachSignature } from "../../test/pdf-checkers/cms-over-byterange.js";
import { createNssTrustStore, pdfsig } from "../../test/pdf-checkers/pdfsig.js";
import { qpdfCheck } from "../../test/pdf-checkers/qpdf-check.js";
import { readQpdfObjects } from "../../test/pdf-checkers/qpdf-json.js";
import { PKCS12_PASSWORD } from "../../test/pki/test-pki.js";
import { testServices } from "../../test/setup/test-services.js";
import { loadPkcs12Signer } from "../keys/pkcs12-signer.js";
import { signPdfFile } from "./sign-pdf-file.js";

const { pki } = testServices();
let scratch: string;
let nssDir: string;
let signer: CmsSigner;
let plain: string;
let prepared: string;

/** A portal form: text fields SoVanBan and NgayBanHanh, and empty signature fields ChuKy1 (locking NgayBanHanh) and ChuKy2. */
async function portalForm(path: string): Promise<string> {
  const document = await PDFDocument.create();
  const page = document.addPage([595, 842]);
  const text = (name: string) => document.context.register(document.context.obj({ FT: "Tx", T: PDFString.of(name), V: PDFString.of("01/2026") }));
  const lock = document.context.obj({ Type: "SigFieldLock", Action: "Include", Fields: [PDFString.of("NgayBanHanh")] });
  const signatureField = (name: string, extra: Record<string, unknown>) =>
    document.context.register(document.context.obj({ Type: "Annot", Subtype: "Widget", FT: "Sig", T: PDFString.of(name), F: 4, Rect: [0, 0, 0, 0], P: page.ref, ...extra } as never));
  const fields = [text("SoVanBan"), text("NgayBanHanh"), signatureField("ChuKy1", { Lock: lock }), signatureField("ChuKy2", {})];
  page.node.set(PDFName.of("Annots"), document.context.obj(fields.slice(2)));
  document.catalog.set(PDFName.of("AcroForm"), document.context.obj({ Fields: fields }));
  await writeFile(path, await document.save());
  return path;
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-lock-"));
  nssDir = await createNssTrustStore(join(scratch, "nss"), pki.rootCa.certPemFile);
  signer = await loadPkcs12Signer({ p12: new Uint8Array(await readFile(pki.entities.signerRsa2048.p12File)), password: PKCS12_PASSWORD });
  const document = await PDFDocument.create();
  document.addPage();
  plain = join(scratch, "plain.pdf");
  await writeFile(plain, await document.save());
  prepared = await portalForm(join(scratch, "portal-form.pdf"));
});

async function expectValid(file: string, count: number): Promise<void> {
  expect((await qpdfCheck(file)).ok).toBe(true);
  // pdfsig also lists the form's empty signature fields, with no signer.
  const report = (await pdfsig(file, nssDir)).filter((signature) => signature.signerName !== "");
  expect(report).toHaveLength(count);
  for (const signature of report) expect(signature.valid, signature.raw).toBe(true);
  for (const result of await opensslVerifyEachSignature({ pdfFile: file, scratchDir: scratch, rootPemFile: pki.rootCa.certPemFile, chainPemFile: pki.chainPemFile })) expect(result.ok, result.output).toBe(true);
}

/** The FieldMDP transform parameters of the signature in `fieldName`, read by qpdf. */
async function fieldMdpOf(file: string, fieldName: string): Promise<Record<string, unknown> | undefined> {
  const { deref, catalog } = await readQpdfObjects(file);
  const acroForm = deref(catalog["/AcroForm"]) as Record<string, unknown>;
  for (const ref of deref(acroForm["/Fields"]) as string[]) {
    const field = deref(ref) as Record<string, unknown>;
    if (field["/T"] !== `u:${fieldName}`) continue;
    const signature = deref(field["/V"]) as Record<string, unknown>;
    const references = (deref(signature["/Reference"]) as unknown[] | undefined) ?? [];
    const fieldMdp = references.map((r) => deref(r) as Record<string, unknown>).find((r) => r["/TransformMethod"] === "/FieldMDP");
    return fieldMdp ? (deref(fieldMdp["/TransformParams"]) as Record<string, unknown>) : undefined;
  }
  return undefined;
}

describe("FieldMDP locks (ISO 32000-2 §12.7.5.5, §12.8.2.4)", () => {
  it("locks every field when asked: the field gets /Lock /All and the signature a FieldMDP reference, and checkers accept it", async () => {
    const output = join(scratch, "lock-all.pdf");
    const signed = await signPdfFile({ inputPath: plain, outputPath: output, signer, signingTime: new Date(), lock: { action: "All" } });
    await expectValid(output, 1);
    expect(await fieldMdpOf(output, signed.fieldName)).toMatchObject({ "/Action": "/All", "/V": "/1.2" });
    const { deref, catalog } = await readQpdfObjects(output);
    const field = deref((deref((deref(catalog["/AcroForm"]) as Record<string, unknown>)["/Fields"]) as string[])[0]) as Record<string, unknown>;
    expect(deref(field["/Lock"])).toMatchObject({ "/Type": "/SigFieldLock", "/Action": "/All" });
  });

  it("carries a prepared field's own /Lock into the signature's FieldMDP reference", async () => {
    const output = join(scratch, "prepared-lock.pdf");
    await signPdfFile({ inputPath: prepared, outputPath: output, signer, signingTime: new Date(), fieldName: "ChuKy1" });
    await expectValid(output, 1);
    expect(await fieldMdpOf(output, "ChuKy1")).toMatchObject({ "/Action": "/Include", "/Fields": ["u:NgayBanHanh"] });
  });

  it("refuses to sign into a field an earlier signature locked, before writing anything; other fields stay signable", async () => {
    const first = join(scratch, "first.pdf");
    await signPdfFile({ inputPath: prepared, outputPath: first, signer, signingTime: new Date(), fieldName: "ChuKy1", lock: { action: "Include", fields: ["ChuKy2"] } });
    // The prepared /Lock wins over the one asked for: the portal decided what ChuKy1 locks.
    expect(await fieldMdpOf(first, "ChuKy1")).toMatchObject({ "/Action": "/Include", "/Fields": ["u:NgayBanHanh"] });

    const lockingChuKy2 = join(scratch, "locks-chuky2.pdf");
    await signPdfFile({ inputPath: prepared, outputPath: lockingChuKy2, signer, signingTime: new Date(), fieldName: "Extra", lock: { action: "Include", fields: ["ChuKy2"] } });
    const refused = join(scratch, "refused.pdf");
    await expect(signPdfFile({ inputPath: lockingChuKy2, outputPath: refused, signer, signingTime: new Date(), fieldName: "ChuKy2" })).rejects.toMatchObject({ code: "PDF_CHANGES_NOT_PERMITTED" });
    expect(existsSync(refused)).toBe(false);
    const other = join(scratch, "other.pdf");
    await signPdfFile({ inputPath: lockingChuKy2, outputPath: other, signer, signingTime: new Date(), fieldName: "ChuKy1" });
    await expectValid(other, 2);
  });
});
