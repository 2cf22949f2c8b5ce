import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import type { CmsSigner } from "../cms/cms-signer.js";
import { memoryByteSource } from "../pdf/byte-source.js";
import { loadPkcs12Signer } from "../../sidecar/keys/pkcs12-signer.js";
import { tsaHttpTransport } from "../../sidecar/network/tsa-http-transport.js";
import { validationDataHttpTransport } from "../../sidecar/network/validation-data-http-transport.js";
import { signPdfFile } from "../../sidecar/pdf-files/sign-pdf-file.js";
import { PKCS12_PASSWORD, type EntityName } from "../../test/pki/test-pki.js";
import { testServices } from "../../test/setup/test-services.js";
import { nobleHasherFactory } from "../cms/incremental-hasher.js";
import { writeLargePdf } from "../../bench/large-pdf.js";
import { verifyDocument, type VerificationProgress, type VerifyOptions } from "./verify-document.js";

const { pki, tsaUrl } = testServices();
const timestamp = tsaHttpTransport({ url: tsaUrl });
const validationData = validationDataHttpTransport();
let scratch: string;
let input: string;
let rootPem: string;

async function signerFor(entity: EntityName): Promise<CmsSigner> {
  return loadPkcs12Signer({ p12: new Uint8Array(await readFile(pki.entities[entity].p12File)), password: PKCS12_PASSWORD });
}

async function verifyFile(file: string, options: Partial<VerifyOptions> = {}) {
  return verifyDocument({ source: memoryByteSource(new Uint8Array(await readFile(file))), trustAnchorsPem: [rootPem], createHasher: nobleHasherFactory, transport: validationData, ...options });
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-verify-"));
  rootPem = await readFile(pki.rootCa.certPemFile, "utf8");
  const document = await PDFDocument.create();
  document.addPage();
  input = join(scratch, "quyet-dinh.pdf");
  await writeFile(input, await document.save());
});

describe("verifyDocument: kyso's own signatures", () => {
  it("passes a B-B signature checked online, names the certificate's subject and the whole file as covered", async () => {
    const output = join(scratch, "b-b.pdf");
    await signPdfFile({ inputPath: input, outputPath: output, signer: await signerFor("signerRsa2048"), signingTime: new Date() });
    const result = await verifyFile(output);
    const [signature] = result.signatures;
    expect(signature, JSON.stringify(result, null, 1)).toMatchObject({ indication: "TOTAL_PASSED", level: "B-B", integrity: { intact: true, coverage: "whole-file" }, revocation: { status: "good", source: "online" } });
    expect(signature?.signer?.name).toBe(pki.entities.signerRsa2048.commonName);
    expect(result.indication).toBe("TOTAL_PASSED");
    expect(Object.isFrozen(signature)).toBe(true);
  });

  it("passes ECDSA P-256 and RSA-3072 signatures", async () => {
    for (const entity of ["signerEcdsaP256", "signerRsa3072"] as const) {
      const output = join(scratch, `${entity}.pdf`);
      await signPdfFile({ inputPath: input, outputPath: output, signer: await signerFor(entity), signingTime: new Date() });
      const result = await verifyFile(output);
      expect(result.indication, JSON.stringify(result, null, 1)).toBe("TOTAL_PASSED");
    }
  });

  it("passes B-T with the timestamp as the proven signing time, and B-LTA offline from the DSS alone", async () => {
    const bt = join(scratch, "b-t.pdf");
    await signPdfFile({ inputPath: input, outputPath: bt, signer: await signerFor("signerRsa2048"), signingTime: new Date(), timestamp });
    const t = (await verifyFile(bt)).signatures[0]!;
    expect(t, JSON.stringify(t, null, 1)).toMatchObject({ indication: "TOTAL_PASSED", level: "B-T", time: { timestampValid: true, bestSignatureTimeProven: true } });
    const lta = join(scratch, "b-lta.pdf");
    await signPdfFile({ inputPath: input, outputPath: lta, signer: await signerFor("signerRsa2048"), signingTime: new Date(), timestamp, longTerm: { level: "B-LTA", validationData } });
    const result = await verifyFile(lta, { transport: undefined });
    expect(result.indication, JSON.stringify(result, null, 1)).toBe("TOTAL_PASSED");
    expect(result.signatures.map((s) => [s.kind, s.level, s.revocation.source])).toEqual([["signature", "B-LTA", "dss"], ["document-timestamp", undefined, "dss"]]);
    expect(result.signatures[0]?.modifications.after.map((m) => m.class)).not.toContain("other");
  });

  it("leaves a B-B signature INDETERMINATE (TRY_LATER) offline under hard fail, TOTAL_PASSED under soft fail", async () => {
    const output = join(scratch, "b-b-offline.pdf");
    await signPdfFile({ inputPath: input, outputPath: output, signer: await signerFor("signerRsa2048"), signingTime: new Date() });
    expect((await verifyFile(output, { transport: undefined })).signatures[0]).toMatchObject({ indication: "INDETERMINATE", subIndication: "TRY_LATER" });
    expect((await verifyFile(output, { transport: undefined, revocationHardFail: false })).indication).toBe("TOTAL_PASSED");
  });

  it("is INDETERMINATE (NO_CERTIFICATE_CHAIN_FOUND) without the signer's root among the anchors", async () => {
    const output = join(scratch, "untrusted.pdf");
    await signPdfFile({ inputPath: input, outputPath: output, signer: await signerFor("signerRsa2048"), signingTime: new Date() });
    expect((await verifyFile(output, { trustAnchorsPem: [] })).signatures[0]).toMatchObject({ indication: "INDETERMINATE", subIndication: "NO_CERTIFICATE_CHAIN_FOUND" });
  });

  it("does not pass revoked or expired signers", async () => {
    for (const entity of ["revokedSigner", "expiredSigner"] as const) {
      const output = join(scratch, `${entity}.pdf`);
      await signPdfFile({ inputPath: input, outputPath: output, signer: await signerFor(entity), signingTime: new Date() });
      const [signature] = (await verifyFile(output)).signatures;
      expect(signature?.indication, entity).not.toBe("TOTAL_PASSED");
      expect(signature?.subIndication, entity).toBe(entity === "revokedSigner" ? "REVOKED_NO_POE" : "OUT_OF_BOUNDS_NO_POE");
    }
  });
});

describe("verifyDocument: progress", () => {
  it("reports the one pass over the file as bytes read up to its size, then each signature's checks, in that order", async () => {
    const large = join(scratch, "ho-so-9mb.pdf");
    await writeLargePdf(large, 9 * 1024 * 1024);
    const output = join(scratch, "ho-so-9mb-da-ky.pdf");
    await signPdfFile({ inputPath: large, outputPath: output, signer: await signerFor("signerRsa2048"), signingTime: new Date() });
    const progress: VerificationProgress[] = [];
    const result = await verifyFile(output, { onProgress: (p) => progress.push(p) });
    expect(result.indication).toBe("TOTAL_PASSED");
    const size = (await readFile(output)).length;
    const reads = progress.filter((p) => p.stage === "reading-file");
    // 4 MiB pieces: three or more for 9 MiB, each further than the last, the last at the end of the file.
    expect(reads.length).toBeGreaterThanOrEqual(3);
    expect(reads.every((p, i) => p.totalBytes === size && (i === 0 || p.bytesRead > reads[i - 1]!.bytesRead))).toBe(true);
    expect(reads.at(-1)?.bytesRead).toBe(size);
    expect(progress.slice(reads.length)).toEqual([{ stage: "checking-signature", index: 0, count: 1 }]);
  });
});
