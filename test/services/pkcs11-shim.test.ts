import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parsePkcs11Uri } from "../../sidecar/keys/pkcs11/pkcs11-uri.js";
import { listTokenCertificates } from "../../sidecar/keys/pkcs11/token-certificates.js";
import { testServices } from "../setup/test-services.js";
import { buildPkcs11Shim, setShimBehaviour } from "./pkcs11-shim.js";
import { caughtKysoError, pkcs11SignerTracker } from "./pkcs11-signers.js";

/**
 * The shim's "unplugged" switch (KYSO_SHIM_REMOVED_FLAG), seen through kyso's own PKCS#11
 * code: the token must look to kyso as a real pulled-out USB token does, or the e2e test of
 * a token removed mid-batch (test/e2e/token-removed.test.ts) would prove nothing.
 */
const { softhsm } = testServices();
const signers = pkcs11SignerTracker();
let scratch: string;
let shimPath: string;
let flag: string;

const signerUri = () => parsePkcs11Uri(`pkcs11:token=${softhsm.tokenLabel};id=%${softhsm.objects.find((o) => o.entity === "signerRsa2048")!.idHex}?module-path=${shimPath}`);
const pin = () => new TextEncoder().encode(softhsm.userPin);
const toBeSigned = new TextEncoder().encode("signed attributes");

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-shim-unplug-"));
  shimPath = await buildPkcs11Shim(scratch);
  flag = join(scratch, "unplugged");
});

afterEach(async () => {
  await rm(flag, { force: true });
  await signers.closeAll();
  setShimBehaviour({ KYSO_SHIM_TARGET: softhsm.modulePath });
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("PKCS#11 shim: a token unplugged while kyso holds a login", () => {
  it("fails the signature in progress and every later one with TOKEN_REMOVED", async () => {
    setShimBehaviour({ KYSO_SHIM_TARGET: softhsm.modulePath, KYSO_SHIM_REMOVED_FLAG: flag, KYSO_SHIM_SIGN_DELAY_MS: "600" });
    const signer = await signers.open({ uri: signerUri(), pin: pin() });
    expect((await signer.sign(toBeSigned)).length).toBeGreaterThan(200);
    const inProgress = caughtKysoError(signer.sign(toBeSigned));
    // Pulled out while C_Sign sleeps in the shim.
    await new Promise((done) => setTimeout(done, 200));
    await writeFile(flag, "");
    expect((await inProgress).code).toBe("TOKEN_REMOVED");
    expect((await caughtKysoError(signer.sign(toBeSigned))).code).toBe("TOKEN_REMOVED");
  });

  it("lists no certificate while unplugged and the token's again once plugged back in", async () => {
    setShimBehaviour({ KYSO_SHIM_TARGET: softhsm.modulePath, KYSO_SHIM_REMOVED_FLAG: flag });
    await writeFile(flag, "");
    expect(await listTokenCertificates(shimPath)).toEqual([]);
    await rm(flag);
    expect((await listTokenCertificates(shimPath)).length).toBeGreaterThan(0);
  });
});
