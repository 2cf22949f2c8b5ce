import { verify, X509Certificate, constants } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildPkcs11Shim, setShimBehaviour, type Pkcs11ShimBehaviour } from "../../../test/services/pkcs11-shim.js";
import { caughtKysoError, pkcs11SignerTracker } from "../../../test/services/pkcs11-signers.js";
import { testServices } from "../../../test/setup/test-services.js";
import { PinIncorrectError } from "./pkcs11-errors.js";
import { parsePkcs11Uri } from "./pkcs11-uri.js";

/**
 * Token states SoftHSM2 cannot show by itself — a PIN pad, "final try" and "locked" flags,
 * CKR_PIN_LOCKED, a token that signs only raw, a slow or hung C_Sign — through a test-only
 * PKCS#11 module (test/services/pkcs11-shim) that forwards to SoftHSM2 and changes just
 * that one answer. Everything else (keys, signatures, sessions) is SoftHSM's own.
 */

const { softhsm } = testServices();
let scratch: string;
let shimPath: string;
let loginLog: string;
const signers = pkcs11SignerTracker();
const open = signers.open;
const caught = caughtKysoError;

const idOf = (entity: string) => softhsm.objects.find((o) => o.entity === entity)!.idHex;
const uriFor = (entity: string) => parsePkcs11Uri(`pkcs11:token=${softhsm.tokenLabel};id=%${idOf(entity)}?module-path=${shimPath}`);
const pin = (text = softhsm.userPin) => new TextEncoder().encode(text);

function shim(behaviour: Omit<Pkcs11ShimBehaviour, "KYSO_SHIM_TARGET" | "KYSO_SHIM_LOGIN_LOG">): void {
  setShimBehaviour({ KYSO_SHIM_TARGET: softhsm.modulePath, KYSO_SHIM_LOGIN_LOG: loginLog, ...behaviour });
}



const loginCalls = async () => (await readFile(loginLog, "utf8").catch(() => "")).split("\n").filter(Boolean).length;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-pkcs11-states-"));
  shimPath = await buildPkcs11Shim(scratch);
  loginLog = join(scratch, "logins.txt");
  // The shim finds SoftHSM through KYSO_SHIM_TARGET; set it before the first test, not only
  // after each one, so that any test can run alone (vitest -t).
  shim({});
});

afterEach(async () => {
  await signers.closeAll();
  await rm(loginLog, { force: true });
  shim({});
});

describe("PIN states reported by the token's flags", () => {
  it("reports the final try (CKF_USER_PIN_FINAL_TRY) as PIN_INCORRECT with 1 attempt left", async () => {
    shim({ KYSO_SHIM_TOKEN_FLAGS: "20000" });
    const error = await caught(open({ uri: uriFor("signerRsa2048"), pin: pin("000000") }));
    expect(error).toBeInstanceOf(PinIncorrectError);
    expect((error as PinIncorrectError).retriesLeft).toBe(1);
    expect(error.message).toMatch(/1 attempt left/);
  });

  it("answers a token whose flags say CKF_USER_PIN_LOCKED with PIN_LOCKED without trying the PIN", async () => {
    shim({ KYSO_SHIM_TOKEN_FLAGS: "40000" });
    expect((await caught(open({ uri: uriFor("signerRsa2048"), pin: pin() }))).code).toBe("PIN_LOCKED");
    expect(await loginCalls()).toBe(0);
  });

  it("answers CKR_PIN_LOCKED from C_Login with PIN_LOCKED", async () => {
    shim({ KYSO_SHIM_LOGIN_RV: "a4" });
    expect((await caught(open({ uri: uriFor("signerRsa2048"), pin: pin() }))).code).toBe("PIN_LOCKED");
    expect(await loginCalls()).toBe(1);
  });

  it("logs in through the PIN pad (CKF_PROTECTED_AUTHENTICATION_PATH) when no PIN is given", async () => {
    shim({ KYSO_SHIM_TOKEN_FLAGS: "100", KYSO_SHIM_PINPAD_PIN: softhsm.userPin });
    const signer = await open({ uri: uriFor("signerRsa2048") });
    const toBeSigned = new TextEncoder().encode("văn bản");
    const signature = await signer.sign(toBeSigned);
    expect(verify("sha256", toBeSigned, new X509Certificate(signer.certificateDer).publicKey, signature)).toBe(true);
    expect(await loginCalls()).toBe(1);
  });
});

describe("tokens that only sign raw (no hash-and-sign mechanisms)", () => {
  it.each([
    { name: "PKCS#1 v1.5 through CKM_RSA_PKCS and a DigestInfo", entity: "signerRsa2048", algorithm: {} },
    { name: "RSASSA-PSS through CKM_RSA_PKCS_PSS over a host digest", entity: "signerRsa3072", algorithm: { scheme: "rsa-pss" as const, hash: "SHA-384" as const } },
    { name: "ECDSA through CKM_ECDSA over a host digest", entity: "signerEcdsaP256", algorithm: {} },
  ])("signs $name", async ({ entity, algorithm }) => {
    shim({ KYSO_SHIM_RAW_ONLY: "1" });
    const signer = await open({ uri: uriFor(entity), pin: pin(), algorithm });
    const toBeSigned = new TextEncoder().encode("thuộc tính đã ký");
    const signature = await signer.sign(toBeSigned);
    const key = new X509Certificate(signer.certificateDer).publicKey;
    const hash = signer.algorithm.hash.replace("-", "").toLowerCase();
    const options = signer.algorithm.scheme === "rsa-pss" ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: signer.algorithm.saltLength } : { key };
    // ECDSA comes back DER-encoded (Ecdsa-Sig-Value), which is what node verifies by default.
    expect(verify(hash, toBeSigned, options, signature)).toBe(true);
  });
});

describe("a slow or hung token never blocks the event loop", () => {
  it("keeps timers running during a slow C_Sign and returns its signature", async () => {
    const signer = await open({ uri: uriFor("signerRsa2048"), pin: pin() });
    shim({ KYSO_SHIM_SIGN_DELAY_MS: "600" });
    const started = performance.now();
    const tickTimes: number[] = [started];
    const timer = setInterval(() => tickTimes.push(performance.now()), 10);
    await signer.sign(new Uint8Array([1]));
    clearInterval(timer);
    const ended = performance.now();
    expect(ended - started).toBeGreaterThanOrEqual(550);
    // A blocked loop shows one gap as long as the whole C_Sign (600 ms) and a tick or two; a
    // free one keeps ticking (about 60 times), with gaps far shorter even on a loaded machine.
    const gaps = [...tickTimes.slice(1), ended].map((time, i) => time - tickTimes[i]!);
    expect(tickTimes.length).toBeGreaterThan(5);
    expect(Math.max(...gaps)).toBeLessThan(400);
  });

  it("gives up a call the token does not answer in time with TIMEOUT and ends the batch", async () => {
    const signer = await open({ uri: uriFor("signerRsa2048"), pin: pin(), timeoutMs: 300 });
    shim({ KYSO_SHIM_SIGN_DELAY_MS: "2000" });
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 10);
    const started = performance.now();
    const error = await caught(signer.sign(new Uint8Array([1])));
    clearInterval(timer);
    expect(error.code).toBe("TIMEOUT");
    expect(performance.now() - started).toBeLessThan(1000);
    expect(ticks).toBeGreaterThan(15);
    expect((await caught(signer.sign(new Uint8Array([2])))).code).toBe("TIMEOUT");
  });

  it("cancels the call in progress and the rest of the batch with CANCELLED", async () => {
    const controller = new AbortController();
    const signer = await open({ uri: uriFor("signerEcdsaP256"), pin: pin(), signal: controller.signal });
    shim({ KYSO_SHIM_SIGN_DELAY_MS: "1500" });
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    expect((await caught(signer.sign(new Uint8Array([1])))).code).toBe("CANCELLED");
    expect(performance.now() - started).toBeLessThan(1000);
    expect((await caught(signer.sign(new Uint8Array([2])))).code).toBe("CANCELLED");
  });
});
