import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKyso } from "../../../test/cli/run-kyso.js";
import { opensslVerifyEachSignature } from "../../../test/pdf-checkers/cms-over-byterange.js";
import { createNssTrustStore, pdfsig } from "../../../test/pdf-checkers/pdfsig.js";
import { startMsspSimulator, type MsspSimulator } from "../../../test/services/mssp-simulator.js";
import { testServices } from "../../../test/setup/test-services.js";

/** `kyso sign --key mss:…` and `kyso keys list` through the built CLI, the test answering on the phone. */

const { pki } = testServices();
const MSISDN = "+84912345678";
const AP = { id: "http://kyso.test/cli-ap", password: "cli-ap-secret" };
let scratch: string;
let nssDir: string;
let input: string;
let simulator: MsspSimulator;

const env = () => ({
  KYSO_MSS_URL: simulator.signatureUrl,
  KYSO_MSS_AP_ID: AP.id,
  KYSO_MSS_AP_PASSWORD: AP.password,
  KYSO_MSS_CERTIFICATE_DIR: join(scratch, "certificates"),
  KYSO_MSS_POLL_INTERVAL_MS: "100",
});

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-mss-cli-"));
  nssDir = await createNssTrustStore(join(scratch, "nss"), pki.rootCa.certPemFile);
  const entity = pki.entities.signerRsa2048;
  await mkdir(join(scratch, "certificates"));
  await writeFile(join(scratch, "certificates", `${MSISDN}.pem`), `${await readFile(entity.certPemFile, "utf8")}${await readFile(pki.chainPemFile, "utf8")}`);
  simulator = await startMsspSimulator({ apId: AP.id, apPassword: AP.password, subscribers: [{ msisdn: MSISDN, keyPemFile: entity.keyPemFile, certPemFile: entity.certPemFile }] });
  const document = await PDFDocument.create();
  document.addPage();
  input = join(scratch, "cong-van.pdf");
  await writeFile(input, await document.save());
  await mkdir(join(scratch, "out"));
});

afterAll(async () => {
  await simulator.close();
});

describe("kyso sign with a PKI SIM (mss:)", () => {
  it("signs once the phone approves, printing the code the phone shows; pdfsig and openssl cms -verify accept the file", async () => {
    const output = join(scratch, "out", "approved.pdf");
    const running = runKyso(["sign", input, "-o", output, "--key", `mss:${MSISDN}`], { env: env() });
    const prompt = await simulator.nextPrompt();
    prompt.answer("approve");
    const run = await running;
    expect(run.code, run.stderr).toBe(0);
    const code = /Mã giao dịch: ([A-Z2-9]{4})$/.exec(prompt.dataToBeDisplayed)?.[1];
    expect(code).toBeDefined();
    expect(run.stderr).toContain(`mã xác nhận ${code!}`);
    expect(run.stderr + run.stdout).not.toContain(AP.password);
    const [signature] = await pdfsig(output, nssDir);
    expect(signature?.valid, signature?.raw).toBe(true);
    expect(signature?.signerName).toBe("Nguyễn Văn An");
    const verified = await opensslVerifyEachSignature({ pdfFile: output, scratchDir: scratch, rootPemFile: pki.rootCa.certPemFile, chainPemFile: pki.chainPemFile });
    expect(verified.map((v) => v.ok)).toEqual([true]);
  });

  it("exits 1 with REMOTE_SIGNING_REJECTED when the user cancels on the phone, writing no file", async () => {
    const output = join(scratch, "out", "cancelled.pdf");
    const running = runKyso(["sign", input, "-o", output, "--key", `mss:${MSISDN}`, "--lang", "en"], { env: env() });
    (await simulator.nextPrompt()).answer("cancel");
    const run = await running;
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^kyso: REMOTE_SIGNING_REJECTED: .*The signing request was rejected on the phone\. \(MSSP USER_CANCEL \(401\)/m);
    expect(existsSync(output)).toBe(false);
    expect((await readdir(join(scratch, "out"))).filter((name) => name.startsWith("cancelled"))).toEqual([]);
  });

  it("refuses a national-format number as a usage error (exit 64)", async () => {
    const run = await runKyso(["sign", input, "-o", join(scratch, "out", "usage.pdf"), "--key", "mss:0912345678"], { env: env() });
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/^kyso: CLI_USAGE: .*mss:\+84912345678/);
  });

  it("lists the subscriber's certificate in kyso keys list --json with the id kyso sign takes", async () => {
    const run = await runKyso(["keys", "list", "--json"], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    const { certificates } = JSON.parse(run.stdout) as { certificates: Array<{ provider: string; certificateId: string; subject: string }> };
    expect(certificates.filter((c) => c.provider === "mss").map((c) => c.certificateId)).toEqual([`mss:${MSISDN}`]);
  });
});
