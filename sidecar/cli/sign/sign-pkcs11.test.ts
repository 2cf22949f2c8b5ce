import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { runKyso } from "../../../test/cli/run-kyso.js";
import { createNssTrustStore, pdfsig } from "../../../test/pdf-checkers/pdfsig.js";
import { buildPkcs11Shim } from "../../../test/services/pkcs11-shim.js";
import { copySoftHsmToken } from "../../../test/services/softhsm-token.js";
import { testServices } from "../../../test/setup/test-services.js";

/** `kyso sign --key pkcs11:…` through the built CLI (bin/kyso.mjs → dist/sidecar, worker thread included). */

const { pki, softhsm } = testServices();
let scratch: string;
let nssDir: string;
let input: string;
let shimPath: string;

const idOf = (entity: string) => softhsm.objects.find((o) => o.entity === entity)!.idHex;
const keyUri = (entity: string, modulePath = softhsm.modulePath) => `pkcs11:token=${softhsm.tokenLabel};id=%${idOf(entity)};type=cert?module-path=${modulePath}`;
const kyso = (args: string[], env: NodeJS.ProcessEnv = {}, stdin?: string) =>
  runKyso(args, { env: { SOFTHSM2_CONF: softhsm.configFile, ...env }, ...(stdin === undefined ? {} : { stdin }) });

async function inputs(dir: string, count: number): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  return Promise.all(Array.from({ length: count }, async (_, n) => {
    const file = join(dir, `van-ban-${String(n + 1).padStart(3, "0")}.pdf`);
    await copyFile(input, file);
    return file;
  }));
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-cli-pkcs11-"));
  nssDir = await createNssTrustStore(join(scratch, "nss"), pki.rootCa.certPemFile);
  shimPath = await buildPkcs11Shim(scratch);
  const document = await PDFDocument.create();
  document.addPage();
  input = join(scratch, "cong-van.pdf");
  await writeFile(input, await document.save());
});

describe("kyso sign with a PKCS#11 token (SoftHSM2)", () => {
  it("ships the PKCS#11 worker thread's entry beside the bundled sidecar", () => {
    expect(existsSync(resolve(import.meta.dirname, "../../../dist/sidecar/pkcs11-token-worker.mjs"))).toBe(true);
  });

  it("signs with the token key a pkcs11: URI selects, the PIN from --pin-env", async () => {
    const output = join(scratch, "rsa.pdf");
    const run = await kyso(["sign", input, "-o", output, "--key", keyUri("signerRsa2048"), "--pin-env", "KYSO_PIN"], { KYSO_PIN: softhsm.userPin });
    expect(run.code, run.stderr).toBe(0);
    const [signature] = await pdfsig(output, nssDir);
    expect(signature?.valid, signature?.raw).toBe(true);
    expect(signature?.signerName).toBe("Nguyễn Văn An");
  });

  it("signs with the ECDSA key, the PIN from --pin-stdin", async () => {
    const output = join(scratch, "ecdsa.pdf");
    const run = await kyso(["sign", input, "-o", output, "--key", keyUri("signerEcdsaP256"), "--pin-stdin"], {}, `${softhsm.userPin}\n`);
    expect(run.code, run.stderr).toBe(0);
    expect((await pdfsig(output, nssDir))[0]?.valid).toBe(true);
  });

  it("takes the module from KYSO_PKCS11_MODULE when the URI has no module-path", async () => {
    const output = join(scratch, "module-env.pdf");
    const uri = `pkcs11:token=${softhsm.tokenLabel};id=%${idOf("signerRsa3072")}`;
    const run = await kyso(["sign", input, "-o", output, "--key", uri, "--pin-env", "P"], { P: softhsm.userPin, KYSO_PKCS11_MODULE: softhsm.modulePath });
    expect(run.code, run.stderr).toBe(0);
    expect((await pdfsig(output, nssDir))[0]?.signerName).toBe("Trần Thị Bình");
  });

  it("signs a batch of 100 documents with one C_Login (counted by the module the CLI loads)", async () => {
    const loginLog = join(scratch, "logins.txt");
    const files = await inputs(join(scratch, "batch-100"), 100);
    const outDir = join(scratch, "batch-100-out");
    await mkdir(outDir);
    const run = await kyso(["sign", ...files, "--out-dir", outDir, "--key", keyUri("signerRsa2048", shimPath), "--pin-env", "P", "--json"],
      { P: softhsm.userPin, KYSO_SHIM_TARGET: softhsm.modulePath, KYSO_SHIM_LOGIN_LOG: loginLog });
    expect(run.code, run.stderr).toBe(0);
    const { results } = JSON.parse(run.stdout) as { results: Array<{ ok: boolean; output: string }> };
    expect(results.filter((r) => r.ok)).toHaveLength(100);
    expect((await readFile(loginLog, "utf8")).trim().split("\n")).toEqual(["C_Login"]);
    expect((await pdfsig(results[99]!.output, nssDir))[0]?.valid).toBe(true);
  });

  it("exits 1 with PIN_REQUIRED when the token needs a PIN and none is given", async () => {
    const run = await kyso(["sign", input, "-o", join(scratch, "no-pin.pdf"), "--key", keyUri("signerRsa2048")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^kyso: PIN_REQUIRED: /);
  });

  it("exits 1 with PIN_INCORRECT and SoftHSM's low-retries flag on a wrong PIN, never echoing the PIN", async () => {
    const output = join(scratch, "wrong-pin.pdf");
    const run = await kyso(["sign", input, "-o", output, "--key", keyUri("signerRsa2048"), "--pin-env", "P", "--lang", "en"], { P: "987654" });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^kyso: PIN_INCORRECT: The signing token's PIN is incorrect\. \(few attempts left/);
    expect(run.stderr + run.stdout).not.toContain("987654");
    expect(existsSync(output)).toBe(false);
  });

  it("reports the final try as 1 attempt left when the token's flags say CKF_USER_PIN_FINAL_TRY", async () => {
    const run = await kyso(["sign", input, "-o", join(scratch, "final.pdf"), "--key", keyUri("signerRsa2048", shimPath), "--pin-env", "P", "--lang", "en"],
      { P: "987654", KYSO_SHIM_TARGET: softhsm.modulePath, KYSO_SHIM_TOKEN_FLAGS: "20000" });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^kyso: PIN_INCORRECT: .*\(1 attempt left/);
  });

  it("exits 1 with PIN_LOCKED on a locked token", async () => {
    const run = await kyso(["sign", input, "-o", join(scratch, "locked.pdf"), "--key", keyUri("signerRsa2048", shimPath), "--pin-env", "P"],
      { P: softhsm.userPin, KYSO_SHIM_TARGET: softhsm.modulePath, KYSO_SHIM_TOKEN_FLAGS: "40000" });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^kyso: PIN_LOCKED: /);
  });

  it("refuses a PIN inside the URI (pin-value) as a usage error", async () => {
    const run = await kyso(["sign", input, "-o", join(scratch, "pin-value.pdf"), "--key", `${keyUri("signerRsa2048")}&pin-value=${softhsm.userPin}`]);
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/^kyso: CLI_USAGE: .*pin-value is refused/);
  });

  it("stops a batch whose token is pulled out with TOKEN_REMOVED, leaving no half-written file", async () => {
    const copy = await copySoftHsmToken(softhsm, join(scratch, "removable"));
    const files = await inputs(join(scratch, "removal-in"), 6);
    const outDir = join(scratch, "removal-out");
    await mkdir(outDir);
    const running = kyso(["sign", ...files, "--out-dir", outDir, "--key", keyUri("signerRsa2048", shimPath), "--pin-env", "P", "--json"],
      { P: softhsm.userPin, SOFTHSM2_CONF: copy.configFile, KYSO_SHIM_TARGET: softhsm.modulePath, KYSO_SHIM_SIGN_DELAY_MS: "300" });
    while (!(await readdir(outDir)).includes("van-ban-001.pdf")) await new Promise((r) => setTimeout(r, 20));
    const [tokenUuid] = await readdir(copy.tokenDir);
    await rename(join(copy.tokenDir, tokenUuid!), join(scratch, "pulled-out"));
    const run = await running;
    expect(run.code).toBe(1);
    const { results } = JSON.parse(run.stdout) as { results: Array<{ ok: boolean; output: string; error?: { code: string } }> };
    const signed = results.filter((r) => r.ok);
    expect(signed.length).toBeGreaterThanOrEqual(1);
    expect(signed.length).toBeLessThan(6);
    expect(results.slice(signed.length).map((r) => r.error?.code)).toEqual(Array(6 - signed.length).fill("TOKEN_REMOVED"));
    // Only whole, signed outputs: no temporary file and nothing for the unsigned documents.
    expect((await readdir(outDir)).sort()).toEqual(signed.map((r) => r.output.split("/").at(-1)).sort());
    for (const r of signed) expect((await pdfsig(r.output, nssDir))[0]?.valid).toBe(true);
  });
});
