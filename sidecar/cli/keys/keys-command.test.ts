import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { copySoftHsmToken } from "../../../test/services/softhsm-token.js";
import { testServices } from "../../../test/setup/test-services.js";
import { runKyso } from "../../../test/cli/run-kyso.js";

const root = resolve(import.meta.dirname, "../../..");
const { softhsm, pki } = testServices();

const kyso = (args: string[]) => runKyso(args, { env: { SOFTHSM2_CONF: softhsm.configFile } });

describe("kyso keys list (PKCS#11, through the bundled native addon)", () => {
  it("ships the PKCS#11 native addon next to the bundled sidecar", () => {
    expect(existsSync(resolve(root, "dist/sidecar/pkcs11.node"))).toBe(true);
  });

  it("lists every certificate on the SoftHSM token with its RFC 7512 URI, without a PIN", async () => {
    const run = await kyso(["keys", "list", "--module", softhsm.modulePath, "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const { certificates } = JSON.parse(run.stdout) as { certificates: Array<{ provider: string; subject: string; certificateId: string; tokenLabel: string; keySizeBits?: number }> };
    expect(certificates).toHaveLength(softhsm.objects.length);
    const an = certificates.find((c) => c.subject.includes("CN=Nguyễn Văn An"));
    expect(an?.tokenLabel).toBe(softhsm.tokenLabel);
    expect(an?.keySizeBits).toBe(2048);
    const idHex = softhsm.objects.find((o) => o.entity === "signerRsa2048")!.idHex;
    expect(an?.provider).toBe("pkcs11");
    expect(an?.certificateId).toMatch(new RegExp(`^pkcs11:token=${softhsm.tokenLabel};id=%${idHex.toUpperCase()};type=cert\\?module-path=`));
    expect(certificates.some((c) => c.subject.includes(pki.entities.signerEcdsaP256.commonName))).toBe(true);
  });

  it("offers only end-entity certificates: the CA certificate a CA writes onto the token completes the chain but is not listed", async () => {
    const token = await copySoftHsmToken(softhsm, await mkdtemp(join(tmpdir(), "kyso-keys-ca-")));
    await promisify(execFile)("pkcs11-tool", ["--module", softhsm.modulePath, "--token-label", softhsm.tokenLabel, "--login", "--pin", softhsm.userPin,
      "--write-object", pki.issuingCa.certDerFile, "--type", "cert", "--id", "ca01", "--label", "CA cấp dưới"], { env: { ...process.env, SOFTHSM2_CONF: token.configFile } });
    const run = await runKyso(["keys", "list", "--module", softhsm.modulePath, "--json"], { env: { SOFTHSM2_CONF: token.configFile } });
    expect(run.code, run.stderr).toBe(0);
    const { certificates } = JSON.parse(run.stdout) as { certificates: Array<{ subject: string; chain?: string[] }> };
    expect(certificates).toHaveLength(softhsm.objects.length);
    const issuing = (await readFile(pki.issuingCa.certDerFile)).toString("base64");
    expect(certificates.every((c) => c.chain?.includes(issuing)), JSON.stringify(certificates.map((c) => c.chain?.length))).toBe(true);
  });

  it("prints a readable list in Vietnamese by default", async () => {
    const run = await kyso(["keys", "list", "--module", softhsm.modulePath]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Thiết bị: kyso-test");
    expect(run.stdout).toContain("CN=Trần Thị Bình");
  });

  it("answers a module that cannot be loaded with PKCS11_MODULE_UNAVAILABLE", async () => {
    const run = await kyso(["keys", "list", "--module", "/nonexistent/libvendor-pkcs11.so"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^kyso: PKCS11_MODULE_UNAVAILABLE: /);
  });
});
