import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
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
