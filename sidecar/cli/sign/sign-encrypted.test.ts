import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { runKyso } from "../../../test/cli/run-kyso.js";
import { createNssTrustStore, pdfsig } from "../../../test/pdf-checkers/pdfsig.js";
import { PKCS12_PASSWORD } from "../../../test/pki/test-pki.js";
import { testServices } from "../../../test/setup/test-services.js";
import { parseSignArguments } from "./sign-arguments.js";

const { pki } = testServices();
const run = promisify(execFile);
const PDF_PASSWORD = "Bí mật 2026";
let scratch: string;
let nssDir: string;
let input: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-cli-encrypted-"));
  nssDir = await createNssTrustStore(join(scratch, "nss"), pki.rootCa.certPemFile);
  const document = await PDFDocument.create();
  document.addPage([595, 842]);
  const clear = join(scratch, "clear.pdf");
  await writeFile(clear, await document.save());
  input = join(scratch, "mat.pdf");
  await run("qpdf", ["--encrypt", PDF_PASSWORD, "owner", "256", "--", clear, input]);
}, 60_000);

const sign = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runKyso(["sign", input, ...args, "--key", pki.entities.signerRsa2048.p12File, "--pin-env", "KYSO_PIN"], { env: { KYSO_PIN: PKCS12_PASSWORD, ...env } });

describe("kyso sign on encrypted PDFs: the document password comes from the environment, never from argv", () => {
  it("reads --pdf-password-env NAME", () => {
    expect(parseSignArguments(["in.pdf", "-o", "out.pdf", "--key", "k.p12", "--pdf-password-env", "PDF_PW"]).pdfPasswordEnv).toBe("PDF_PW");
  });

  it("refuses --password S with CLI_USAGE pointing to --pdf-password-env (other users can read process arguments)", () => {
    const attempt = () => parseSignArguments(["in.pdf", "-o", "out.pdf", "--key", "k.p12", "--password", "secret"]);
    expect(attempt).toThrow(expect.objectContaining({ code: "CLI_USAGE" }));
    expect(attempt).toThrow(/--pdf-password-env/);
  });

  it("signs an AES-256 file with the password from the named variable; pdfsig finds the signature valid", async () => {
    const output = join(scratch, "signed.pdf");
    const result = await sign(["-o", output, "--pdf-password-env", "KYSO_PDF_PASSWORD"], { KYSO_PDF_PASSWORD: PDF_PASSWORD });
    expect(result.code, result.stderr).toBe(0);
    const [signature] = await pdfsig(output, nssDir, { userPassword: PDF_PASSWORD });
    expect(signature?.valid, signature?.raw).toBe(true);
  });

  it("exits non-zero with PDF_PASSWORD_REQUIRED or PDF_PASSWORD_INCORRECT and writes no output", async () => {
    const output = join(scratch, "never.pdf");
    const missing = await sign(["-o", output]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("PDF_PASSWORD_REQUIRED");
    const wrong = await sign(["-o", output, "--pdf-password-env", "KYSO_PDF_PASSWORD"], { KYSO_PDF_PASSWORD: "sai" });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain("PDF_PASSWORD_INCORRECT");
    expect(existsSync(output)).toBe(false);
  });

  it("answers an unset variable with CLI_USAGE", async () => {
    const result = await sign(["-o", join(scratch, "unset.pdf"), "--pdf-password-env", "KYSO_UNSET"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("CLI_USAGE");
  });
});
