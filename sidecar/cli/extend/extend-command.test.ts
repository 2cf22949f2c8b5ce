import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { PKCS12_PASSWORD } from "../../../test/pki/test-pki.js";
import { readDocumentSecurityStore } from "../../../test/pdf-checkers/document-security-store.js";
import { opensslVerifyDocumentTimestamps } from "../../../test/pdf-checkers/document-timestamps.js";
import { createNssTrustStore, pdfsig } from "../../../test/pdf-checkers/pdfsig.js";
import { testServices } from "../../../test/setup/test-services.js";
import { runKyso } from "../../../test/cli/run-kyso.js";

const { pki, tsaUrl } = testServices();
let scratch: string;
let nssDir: string;
let input: string;
const key = ["--key", pki.entities.signerRsa2048.p12File, "--pin-env", "P"];
const env = { P: PKCS12_PASSWORD };

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-cli-extend-"));
  nssDir = await createNssTrustStore(join(scratch, "nss"), pki.rootCa.certPemFile);
  const document = await PDFDocument.create();
  document.addPage();
  input = join(scratch, "quyet-dinh.pdf");
  await writeFile(input, await document.save());
});

describe("kyso sign --level B-LT|B-LTA and kyso extend (CLI)", () => {
  it("signs at B-LT with --level B-LT --tsa: the output carries a DSS and the signature is valid", async () => {
    const output = join(scratch, "b-lt.pdf");
    const run = await runKyso(["sign", input, "-o", output, ...key, "--level", "B-LT", "--tsa", tsaUrl, "--json"], { env });
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { results: Array<{ level: string }> }).results[0]?.level).toBe("B-LT");
    expect((await readDocumentSecurityStore(output))?.ocsps.length).toBeGreaterThan(0);
    const [signature] = await pdfsig(output, nssDir);
    expect(signature?.valid, signature?.raw).toBe(true);
  });

  it("raises a B-T file to B-LTA with kyso extend; the archive timestamp verifies", async () => {
    const signed = join(scratch, "b-t.pdf");
    expect((await runKyso(["sign", input, "-o", signed, ...key, "--tsa", tsaUrl], { env })).code).toBe(0);
    const output = join(scratch, "b-lta.pdf");
    const run = await runKyso(["extend", signed, "-o", output, "--level", "B-LTA", "--tsa", tsaUrl]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(output);
    const stamps = await opensslVerifyDocumentTimestamps({ pdfFile: output, scratchDir: scratch, rootPemFile: pki.rootCa.certPemFile, chainPemFile: pki.chainPemFile });
    expect(stamps.map((s) => s.ok)).toEqual([true]);
    const [signature] = await pdfsig(output, nssDir);
    expect(signature?.valid, signature?.raw).toBe(true);
  });

  it("refuses --level B-LTA without --tsa as a usage error (exit 64)", async () => {
    const run = await runKyso(["extend", input, "-o", join(scratch, "x.pdf"), "--level", "B-LTA"]);
    expect(run.code, run.stderr).toBe(64);
    expect(run.stderr).toMatch(/^kyso: CLI_USAGE: .*--tsa/);
  });

  it("answers an unsigned file with one Vietnamese PDF_NOT_SIGNED line, exit 1 and no output", async () => {
    const output = join(scratch, "unsigned-lt.pdf");
    const run = await runKyso(["extend", input, "-o", output, "--level", "B-LT", "--tsa", tsaUrl]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^kyso: PDF_NOT_SIGNED: .*chưa có chữ ký số/);
    expect(existsSync(output)).toBe(false);
  });
});
