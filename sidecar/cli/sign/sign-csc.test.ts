import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKyso } from "../../../test/cli/run-kyso.js";
import { opensslVerifyEachSignature } from "../../../test/pdf-checkers/cms-over-byterange.js";
import { createNssTrustStore, pdfsig } from "../../../test/pdf-checkers/pdfsig.js";
import { CSC_TEST_CLIENT, CSC_TEST_PIN, cscTestCredentials, startCscServer, type CscTestServer } from "../../../test/services/csc-server.js";
import { startLoopbackHttpServer } from "../../../test/services/loopback-http-server.js";
import { testServices } from "../../../test/setup/test-services.js";

/** `kyso sign --key csc:…` and `kyso keys list` through the built CLI against the loopback CSC v2 service. */

const { pki, softhsm } = testServices();
let server: CscTestServer;
let scratch: string;
let nssDir: string;
let input: string;

const cscEnv = (url = server.baseUrl): NodeJS.ProcessEnv => ({ KYSO_CSC_URL: url, KYSO_CSC_NAME: "CA thử nghiệm", KYSO_CSC_CLIENT_ID: CSC_TEST_CLIENT.clientId, KYSO_CSC_CLIENT_SECRET: CSC_TEST_CLIENT.clientSecret });
const kyso = (args: string[], env: NodeJS.ProcessEnv = {}) => runKyso(args, { env: { SOFTHSM2_CONF: softhsm.configFile, ...cscEnv(), ...env } });

async function expectAccepted(file: string, signerName: string): Promise<void> {
  const [signature] = await pdfsig(file, nssDir);
  expect(signature?.valid, signature?.raw).toBe(true);
  expect(signature?.signerName).toBe(signerName);
  const [cms] = await opensslVerifyEachSignature({ pdfFile: file, scratchDir: scratch, rootPemFile: pki.rootCa.certPemFile, chainPemFile: pki.chainPemFile });
  expect(cms?.ok, cms?.output).toBe(true);
}

beforeAll(async () => {
  server = await startCscServer({ ...CSC_TEST_CLIENT, chainPemFile: pki.chainPemFile, credentials: cscTestCredentials(pki.entities) });
  scratch = await mkdtemp(join(tmpdir(), "kyso-cli-csc-"));
  nssDir = await createNssTrustStore(join(scratch, "nss"), pki.rootCa.certPemFile);
  const document = await PDFDocument.create();
  document.addPage();
  input = join(scratch, "cong-van.pdf");
  await writeFile(input, await document.save());
});
afterAll(() => server.close());

describe("kyso keys list with a CSC v2 service", () => {
  it("lists the service's credentials beside the token's certificates, each with the id kyso sign takes", async () => {
    const run = await kyso(["keys", "list", "--module", softhsm.modulePath, "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const { certificates } = JSON.parse(run.stdout) as { certificates: Array<{ provider: string; certificateId: string; subject: string; tokenLabel: string }> };
    expect(certificates.filter((c) => c.provider === "pkcs11")).toHaveLength(softhsm.objects.length);
    const remote = certificates.filter((c) => c.provider === "csc");
    expect(remote.map((c) => c.certificateId)).toContain(`csc:rsa2048-pin?service=${server.baseUrl}`);
    expect(remote[0]?.tokenLabel).toBe("CA thử nghiệm");
  });

  it("reports a service that is down and still lists the token (exit 0)", async () => {
    const gone = await startLoopbackHttpServer();
    await gone.close();
    const run = await kyso(["keys", "list", "--module", softhsm.modulePath, "--lang", "en"], cscEnv(`${gone.baseUrl}/csc/v2`));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^kyso: REMOTE_SERVICE_UNREACHABLE: http:\/\/127\.0\.0\.1:\d+\/csc\/v2: The remote signing service cannot be reached/);
    expect(run.stdout).toContain("Token: kyso-test");
  });
});

describe("kyso sign with a CSC v2 remote signing service", () => {
  it("signs a PDF (PAdES B-B) with a credential protected by a PIN, accepted by pdfsig and openssl cms", async () => {
    const output = join(scratch, "csc-rsa.pdf");
    const run = await kyso(["sign", input, "-o", output, "--key", "csc:rsa2048-pin", "--pin-env", "P"], { P: CSC_TEST_PIN });
    expect(run.code, run.stderr).toBe(0);
    await expectAccepted(output, pki.entities.signerRsa2048.commonName);
  });

  it("cancels on Ctrl-C while the phone approval is pending: exit 130, CANCELLED for every document, no output", async () => {
    const outDir = join(scratch, "interrupted");
    await mkdir(outDir);
    const inputs = await Promise.all([1, 2].map(async (n) => {
      const file = join(scratch, `huy-${n}.pdf`);
      await copyFile(input, file);
      return file;
    }));
    let child: ChildProcess | undefined;
    const stateDir = await mkdtemp(join(scratch, "state-"));
    const running = runKyso(["sign", ...inputs, "--out-dir", outDir, "--key", "csc:rsa2048-phone-scal2", "--lang", "en"], { env: { SOFTHSM2_CONF: softhsm.configFile, KYSO_STATE_DIR: stateDir, ...cscEnv() }, onStart: (started) => (child = started) });
    const pending = await server.nextApproval();
    child!.kill("SIGINT");
    const run = await running;
    // The service still holds the abandoned request (CSC has no withdrawal); clear it for the next test.
    server.reject(pending.handle);
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toContain("cancelling");
    expect(run.stderr.match(/kyso: CANCELLED: /g)).toHaveLength(2);
    expect(await readdir(outDir)).toEqual([]);
    // One record per document asked for: the one waiting for the phone and the one not started.
    const records = (await readFile(join(stateDir, "audit.jsonl"), "utf8")).trimEnd().split("\n").map((line) => JSON.parse(line) as { documentName: string; result: string });
    expect(records.map((r) => [r.documentName, r.result])).toEqual([["huy-1.pdf", "CANCELLED"], ["huy-2.pdf", "CANCELLED"]]);
  });

  it("signs a batch of three with one approval on the phone, printing the code the phone shows", async () => {
    const outDir = join(scratch, "batch");
    await mkdir(outDir);
    const inputs = await Promise.all([1, 2, 3].map(async (n) => {
      const file = join(scratch, `van-ban-${n}.pdf`);
      await copyFile(input, file);
      return file;
    }));
    const authorizeCalls = server.calls.filter((c) => c === "credentials/authorize").length;
    const running = kyso(["sign", ...inputs, "--out-dir", outDir, "--key", `csc:ecdsa-der-phone?service=${encodeURIComponent(server.baseUrl)}`]);
    const approval = await server.nextApproval();
    expect(approval.numSignatures).toBe(3);
    server.approve(approval.handle);
    const run = await running;
    expect(run.code, run.stderr).toBe(0);
    const code = /mã xác nhận (\d{4})/.exec(run.stderr)?.[1];
    expect(code).toBeDefined();
    expect(approval.description).toContain(code);
    expect(server.calls.filter((c) => c === "credentials/authorize").length - authorizeCalls).toBe(1);
    for (const n of [1, 2, 3]) await expectAccepted(join(outDir, `van-ban-${n}.pdf`), pki.entities.signerEcdsaP256.commonName);
  });

  it("exits 1 with PIN_INCORRECT on a wrong PIN, writing nothing and never echoing the PIN", async () => {
    const output = join(scratch, "wrong-pin.pdf");
    const run = await kyso(["sign", input, "-o", output, "--key", "csc:rsa3072-pin", "--pin-env", "P", "--lang", "en"], { P: "13579" });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^kyso: PIN_INCORRECT: /);
    expect(run.stderr + run.stdout).not.toContain("13579");
    expect(existsSync(output)).toBe(false);
  });

  it("exits 1 with REMOTE_SIGNING_REJECTED when the person rejects on the phone", async () => {
    const output = join(scratch, "rejected.pdf");
    const running = kyso(["sign", input, "-o", output, "--key", "csc:ecdsa-der-phone", "--lang", "en"]);
    server.reject((await server.nextApproval()).handle);
    const run = await running;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Confirm the signing request on your phone (CA thử nghiệm), confirmation code");
    expect(run.stderr).toMatch(/kyso: REMOTE_SIGNING_REJECTED: The signing request was rejected on the phone/);
    expect(existsSync(output)).toBe(false);
  });

  it("exits 1 with REMOTE_SERVICE_UNREACHABLE when the service is down", async () => {
    const gone = await startLoopbackHttpServer();
    await gone.close();
    const run = await kyso(["sign", input, "-o", join(scratch, "down.pdf"), "--key", "csc:rsa2048-pin", "--pin-env", "P"], { P: CSC_TEST_PIN, ...cscEnv(`${gone.baseUrl}/csc/v2`) });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^kyso: REMOTE_SERVICE_UNREACHABLE: /);
  });
});
