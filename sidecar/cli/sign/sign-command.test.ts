import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { PKCS12_PASSWORD } from "../../../test/pki/test-pki.js";
import { createNssTrustStore, pdfsig } from "../../../test/pdf-checkers/pdfsig.js";
import { verifySignatureTimestamp } from "../../../test/pdf-checkers/signature-timestamp.js";
import { testServices } from "../../../test/setup/test-services.js";
import { runKyso } from "../../../test/cli/run-kyso.js";

const { pki } = testServices();
let scratch: string;
let nssDir: string;
let input: string;

const kyso = runKyso;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-cli-sign-"));
  nssDir = await createNssTrustStore(join(scratch, "nss"), pki.rootCa.certPemFile);
  const document = await PDFDocument.create();
  document.addPage();
  input = join(scratch, "cong-van.pdf");
  await writeFile(input, await document.save());
});

describe("kyso sign (CLI)", () => {
  it("signs a PDF with a .p12 key whose password comes from an environment variable", async () => {
    const output = join(scratch, "signed.pdf");
    const run = await kyso(["sign", input, "-o", output, "--key", pki.entities.signerRsa2048.p12File, "--pin-env", "KYSO_PIN", "--reason", "Phê duyệt"], { env: { KYSO_PIN: PKCS12_PASSWORD } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(output);
    const [signature] = await pdfsig(output, nssDir);
    expect(signature?.valid).toBe(true);
    expect(signature?.signerName).toBe("Nguyễn Văn An");
  });

  it("reads the password from the first line of stdin with --pin-stdin", async () => {
    const output = join(scratch, "stdin.pdf");
    const run = await kyso(["sign", input, "-o", output, "--key", pki.entities.signerEcdsaP256.p12File, "--pin-stdin"], { stdin: `${PKCS12_PASSWORD}\n` });
    expect(run.code, run.stderr).toBe(0);
    expect((await pdfsig(output, nssDir))[0]?.valid).toBe(true);
  });

  it("signs a batch into --out-dir with one key load and a summary, and prints JSON with --json", async () => {
    const batchDir = join(scratch, "batch-in");
    const outDir = join(scratch, "batch-out");
    await mkdir(batchDir);
    await mkdir(outDir);
    const inputs = await Promise.all([1, 2, 3].map(async (n) => {
      const file = join(batchDir, `van-ban-${n}.pdf`);
      await copyFile(input, file);
      return file;
    }));
    const run = await kyso(["sign", ...inputs, "--out-dir", outDir, "--key", pki.entities.signerRsa2048.p12File, "--pin-env", "P", "--json"], { env: { P: PKCS12_PASSWORD } });
    expect(run.code, run.stderr).toBe(0);
    const { results } = JSON.parse(run.stdout) as { results: Array<{ input: string; output: string; ok: boolean; field: string }> };
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    for (const result of results) expect((await pdfsig(result.output, nssDir))[0]?.valid).toBe(true);
  });

  it("fails with exit 1 and a one-line typed error on a wrong key password, writing no output", async () => {
    const output = join(scratch, "wrong-password.pdf");
    const run = await kyso(["sign", input, "-o", output, "--key", pki.entities.signerRsa2048.p12File, "--pin-env", "P"], { env: { P: "sai-mat-khau" } });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^kyso: KEY_PASSWORD_INCORRECT: /);
    expect(existsSync(output)).toBe(false);
  });

  it("names a missing output folder with OUTPUT_UNWRITABLE instead of failing as an internal error", async () => {
    const run = await kyso(["sign", input, "--out-dir", join(scratch, "khong-co-thu-muc"), "--key", pki.entities.signerRsa2048.p12File, "--pin-env", "P"], { env: { P: PKCS12_PASSWORD } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^kyso: OUTPUT_UNWRITABLE: /m);
  });

  it("reports a damaged PDF as PDF_MALFORMED per file and keeps signing the rest of the batch", async () => {
    const broken = join(scratch, "broken.pdf");
    await writeFile(broken, "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nstartxref\n999999\n%%EOF\n");
    const outDir = join(scratch, "mixed-out");
    await mkdir(outDir);
    const run = await kyso(["sign", broken, input, "--out-dir", outDir, "--key", pki.entities.signerRsa2048.p12File, "--pin-env", "P", "--lang", "en"], { env: { P: PKCS12_PASSWORD } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("kyso: PDF_MALFORMED: ");
    expect(run.stderr).toContain("Signed 1 of 2 files.");
    expect(existsSync(join(outDir, "broken.pdf"))).toBe(false);
    expect(existsSync(join(outDir, "cong-van.pdf"))).toBe(true);
  });

  it("refuses a secret on the command line: there is no --pin option", async () => {
    const run = await kyso(["sign", input, "-o", join(scratch, "x.pdf"), "--key", pki.entities.signerRsa2048.p12File, "--pin", "kyso-test"]);
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/^kyso: CLI_USAGE: /);
  });
});

describe("kyso sign --level B-T (CLI, with the test TSA)", () => {
  it("embeds an RFC 3161 signature timestamp that pdfsig and openssl accept", async () => {
    const { tsaUrl } = testServices();
    const output = join(scratch, "b-t.pdf");
    const run = await kyso(["sign", input, "-o", output, "--key", pki.entities.signerRsa2048.p12File, "--pin-env", "P", "--level", "B-T", "--tsa", tsaUrl, "--json"], { env: { P: PKCS12_PASSWORD } });
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { results: Array<{ level: string }> }).results[0]?.level).toBe("B-T");
    const [signature] = await pdfsig(output, nssDir);
    expect(signature?.valid, signature?.raw).toBe(true);
    const timestamp = await verifySignatureTimestamp({ pdfFile: output, scratchDir: scratch, rootPemFile: pki.rootCa.certPemFile, chainPemFile: pki.chainPemFile });
    expect(timestamp.ok, timestamp.output).toBe(true);
  });

  it("fails with TIMESTAMP_UNREACHABLE and writes nothing when the TSA is down", async () => {
    const output = join(scratch, "no-tsa.pdf");
    const run = await kyso(["sign", input, "-o", output, "--key", pki.entities.signerRsa2048.p12File, "--pin-env", "P", "--tsa", "http://127.0.0.1:1/tsa"], { env: { P: PKCS12_PASSWORD } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/kyso: TIMESTAMP_UNREACHABLE: /);
    expect(existsSync(output)).toBe(false);
  });
});
