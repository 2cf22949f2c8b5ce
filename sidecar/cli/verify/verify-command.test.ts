import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { runKyso } from "../../../test/cli/run-kyso.js";
import { PKCS12_PASSWORD } from "../../../test/pki/test-pki.js";
import { testServices } from "../../../test/setup/test-services.js";

const { pki } = testServices();
let scratch: string;
let signed: string;
const trust = () => ["--trust", pki.rootCa.certPemFile];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-cli-verify-"));
  const document = await PDFDocument.create();
  document.addPage();
  const input = join(scratch, "cong-van.pdf");
  await writeFile(input, await document.save());
  signed = join(scratch, "cong-van-signed.pdf");
  const run = await runKyso(["sign", input, "-o", signed, "--key", pki.entities.signerRsa2048.p12File, "--pin-env", "P"], { env: { P: PKCS12_PASSWORD } });
  expect(run.code, run.stderr).toBe(0);
});

describe("kyso verify (CLI)", () => {
  it("exits 0 for a valid signature and reports it in Vietnamese by default, naming the certificate's subject", async () => {
    const run = await runKyso(["verify", signed, ...trust()]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Tài liệu: HỢP LỆ/);
    expect(run.stdout).toContain(pki.entities.signerRsa2048.commonName);
  });

  it("prints JSON with --json: indication, and per signature field, signer, indication, coverage, modifications", async () => {
    const run = await runKyso(["verify", signed, ...trust(), "--json", "--lang", "en"]);
    const report = JSON.parse(run.stdout) as { indication: string; signatures: Array<{ field: string; indication: string; signer: { name: string }; integrity: { coverage: string }; modifications: { after: unknown[] } }> };
    expect(report.indication).toBe("TOTAL_PASSED");
    expect(report.signatures[0]).toMatchObject({ indication: "TOTAL_PASSED", integrity: { coverage: "whole-file" }, modifications: { after: [] } });
    // The summary keys, beside the per-fact fields.
    const summary = report.signatures[0] as unknown as Record<string, unknown>;
    expect(summary).toMatchObject({ signer: { name: pki.entities.signerRsa2048.commonName }, coverage: "whole-file", modificationsAfter: [], level: "B-B" });
    expect(summary.signingTime).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("exits 2 (INDETERMINATE) without a trust anchor, in English with --lang en", async () => {
    const run = await runKyso(["verify", signed, "--lang", "en"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/NO_CERTIFICATE_CHAIN_FOUND/);
  });

  it("exits 1 (TOTAL_FAILED) when a signed byte was changed", async () => {
    const bytes = new Uint8Array(await readFile(signed));
    bytes[10] = bytes[10] === 0x41 ? 0x42 : 0x41;
    const tampered = join(scratch, "tampered.pdf");
    await writeFile(tampered, bytes);
    const run = await runKyso(["verify", tampered, ...trust(), "--offline"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/HASH_FAILURE/);
  });

  it("exits 3 with a typed error line when the file is missing or not a PDF", async () => {
    const missing = await runKyso(["verify", join(scratch, "khong-co.pdf")]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^kyso: FILE_NOT_FOUND: /);
    const junk = join(scratch, "junk.pdf");
    await writeFile(junk, "this is not a PDF at all, just text");
    const broken = await runKyso(["verify", junk]);
    expect(broken.code).toBe(3);
    expect(broken.stderr).toMatch(/^kyso: PDF_MALFORMED: /);
  });

  it("writes a self-contained HTML report with --html (the signer named, no script), and exits 3 when it cannot", async () => {
    const report = join(scratch, "bao-cao.html");
    const run = await runKyso(["verify", signed, ...trust(), "--html", report, "--lang", "en"]);
    expect(run.code, run.stderr).toBe(0);
    const html = await readFile(report, "utf8");
    expect(html).toContain("<title>Document: VALID — cong-van-signed.pdf</title>");
    expect(html).toContain(pki.entities.signerRsa2048.commonName);
    expect(html).not.toContain("<script");
    const unwritable = await runKyso(["verify", signed, ...trust(), "--html", join(scratch, "khong-co-thu-muc", "bao-cao.html")]);
    expect(unwritable.code).toBe(3);
    expect(unwritable.stderr).toMatch(/^kyso: OUTPUT_UNWRITABLE: /);
  });

  it("exits 3 when a --trust file cannot be read (never 1, which would mean the signature failed)", async () => {
    const run = await runKyso(["verify", signed, "--trust", join(scratch, "khong-co-root.pem")]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^kyso: FILE_NOT_FOUND: /);
  });

  it("exits 64 (usage) for a command line it cannot understand: no file, two files, an unknown option", async () => {
    for (const args of [[], [signed, signed], [signed, "--no-such-option"]]) {
      const run = await runKyso(["verify", ...args]);
      expect(run.code, args.join(" ")).toBe(64);
      expect(run.stderr).toMatch(/^kyso: CLI_USAGE: /);
    }
  });
});
