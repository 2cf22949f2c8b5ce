import { constants, createPublicKey, verify, X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caughtKysoError } from "../../../test/services/pkcs11-signers.js";
import { startLoopbackHttpServer } from "../../../test/services/loopback-http-server.js";
import { CSC_TEST_CLIENT, CSC_TEST_PIN, cscTestCredentials, startCscServer, type CscTestServer } from "../../../test/services/csc-server.js";
import { testServices } from "../../../test/setup/test-services.js";
import type { KeyEvent, OpenKeyOptions } from "../key-source.js";
import { cscKeySource } from "./csc-key-source.js";
import type { CscServiceSettings } from "./csc-service.js";
import { formatCscUri } from "./csc-uri.js";

const { pki } = testServices();
let server: CscTestServer;
let asyncServer: CscTestServer;
/** A loopback port nothing listens on any more: a service that is down. */
let downUrl: string;

const service = (over: Partial<CscServiceSettings> = {}): CscServiceSettings => ({ url: server.baseUrl, ...CSC_TEST_CLIENT, pollIntervalMs: 20, ...over });
const pin = () => new TextEncoder().encode(CSC_TEST_PIN);
const idOf = (credentialId: string, baseUrl = server.baseUrl) => formatCscUri({ credentialId, serviceUrl: baseUrl });
const open = (credentialId: string, options: Partial<OpenKeyOptions> & { services?: CscServiceSettings[] } = {}) =>
  cscKeySource.open(idOf(credentialId), { count: 1, env: {}, settings: { cscServices: options.services ?? [service()] }, ...options });

function verifies({ certificateDer }: { certificateDer: Uint8Array }, signed: { toBeSigned: Uint8Array; signature: Uint8Array; scheme?: string }): boolean {
  const { toBeSigned, signature, scheme = "rsa-pkcs1-v1_5" } = signed;
  const key = createPublicKey(new X509Certificate(certificateDer).publicKey.export({ format: "pem", type: "spki" }));
  const options = scheme === "rsa-pss" ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : key;
  return verify("sha256", toBeSigned, options, signature);
}

beforeAll(async () => {
  const options = { ...CSC_TEST_CLIENT, chainPemFile: pki.chainPemFile, credentials: cscTestCredentials(pki.entities) };
  server = await startCscServer(options);
  asyncServer = await startCscServer({ ...options, asynchronousSigning: true, authType: ["basic"] });
  const gone = await startLoopbackHttpServer();
  downUrl = `${gone.baseUrl}/csc/v2`;
  await gone.close();
});
afterAll(async () => {
  await server.close();
  await asyncServer.close();
});

describe("CSC v2 remote signing: listing", () => {
  it("lists every credential with its certificate, chain and a csc: URI that opens it", async () => {
    const listing = await cscKeySource.list({ env: {}, settings: { cscServices: [service({ name: "CA thử nghiệm" })] } });
    expect(listing.unavailable).toEqual([]);
    const an = listing.certificates.find((c) => c.tokenSerial === "rsa2048-pin")!;
    expect(an).toMatchObject({ provider: "csc", tokenLabel: "CA thử nghiệm", keyType: "rsa", keySizeBits: 2048, certificateId: idOf("rsa2048-pin") });
    expect(an.subject).toContain("Nguyễn Văn An");
    expect(an.chain).toHaveLength(2);
    const key = await cscKeySource.open(an.certificateId, { count: 1, env: {}, secret: pin(), settings: { cscServices: [service()] } });
    expect(Buffer.from(key.certificateDer).toString("base64")).toBe(an.certificate);
  });

  it("lists a service that is down as unavailable, not as a failure", async () => {
    const listing = await cscKeySource.list({ env: {}, settings: { cscServices: [service(), { url: downUrl }] } });
    expect(listing.certificates.length).toBeGreaterThan(0);
    expect(listing.unavailable).toEqual([{ source: downUrl, code: "REMOTE_SERVICE_UNREACHABLE" }]);
  });
});

describe("CSC v2 remote signing: signatures", () => {
  it.each([
    { name: "RSA-2048 PKCS#1 v1.5", credential: "rsa2048-pin", algorithm: {}, scheme: "rsa-pkcs1-v1_5" },
    { name: "RSA-3072 RSASSA-PSS", credential: "rsa3072-pin", algorithm: { scheme: "rsa-pss" as const }, scheme: "rsa-pss" },
    { name: "ECDSA P-256 answered as r || s", credential: "ecdsa-raw-pin", algorithm: {}, scheme: "ecdsa" },
  ])("signs with $name, the PIN through credentials/authorize", async ({ credential, algorithm, scheme }) => {
    const key = await open(credential, { secret: pin(), algorithm });
    expect(key.algorithm.scheme).toBe(scheme);
    const toBeSigned = Buffer.from(`signed attributes for ${credential}`);
    const signature = await key.sign(toBeSigned);
    // ECDSA arrives DER-encoded whatever the service answered (Ecdsa-Sig-Value, RFC 5753 §7.2).
    if (scheme === "ecdsa") expect(signature[0]).toBe(0x30);
    expect(verifies(key, { toBeSigned, signature, scheme })).toBe(true);
    await key.close();
  });

  it("signs a batch known up front with one authorisation bound to its hashes and one approval on the phone (SCAL2)", async () => {
    const events: KeyEvent[] = [];
    const toBeSigned = [1, 2, 3].map((n) => Buffer.from(`văn bản ${n}`));
    const before = server.calls.filter((c) => c === "credentials/authorize").length;
    const opening = open("rsa2048-phone-scal2", { toBeSigned, count: 3, onEvent: (e) => events.push(e) });
    const approval = await server.nextApproval();
    expect(approval.numSignatures).toBe(3);
    expect(approval.hashes).toHaveLength(3);
    server.approve(approval.handle);
    const key = await opening;
    const signatures: Uint8Array[] = [];
    for (const bytes of toBeSigned) signatures.push(await key.sign(bytes));
    toBeSigned.forEach((bytes, i) => expect(verifies(key, { toBeSigned: bytes, signature: signatures[i]! })).toBe(true));
    expect(server.calls.filter((c) => c === "credentials/authorize").length - before).toBe(1);
    const awaiting = events.find((e) => e.kind === "awaiting-approval");
    expect(awaiting).toMatchObject({ provider: "csc", code: expect.stringMatching(/^\d{4}$/) as string });
    // The phone shows the code kyso shows: the person compares them before approving.
    expect(approval.description).toContain(awaiting?.kind === "awaiting-approval" ? awaiting.code : "?");
    expect(events.at(-1)).toEqual({ kind: "approved", provider: "csc" });
  });

  it("signs SCAL2 documents one at a time under one authorisation, extending the transaction for each later hash", async () => {
    const key = await open("rsa2048-pin-scal2", { secret: pin(), count: 3 });
    const calls = server.calls.length;
    for (const n of [1, 2, 3]) {
      const bytes = Buffer.from(`tài liệu ${n}`);
      expect(verifies(key, { toBeSigned: bytes, signature: await key.sign(bytes) })).toBe(true);
    }
    expect(server.calls.slice(calls).filter((c) => c.startsWith("credentials/"))).toEqual(["credentials/authorize", "credentials/extendTransaction", "credentials/extendTransaction"]);
  });

  it("uses the asynchronous mode and signatures/signPolling where the service offers them, signed in with auth/login", async () => {
    const settings = { cscServices: [{ url: asyncServer.baseUrl, ...CSC_TEST_CLIENT, pollIntervalMs: 20 }] };
    const opening = cscKeySource.open(idOf("ecdsa-der-phone", asyncServer.baseUrl), { count: 1, env: {}, settings });
    asyncServer.approve((await asyncServer.nextApproval()).handle);
    const key = await opening;
    const bytes = Buffer.from("async");
    expect(verifies(key, { toBeSigned: bytes, signature: await key.sign(bytes), scheme: "ecdsa" })).toBe(true);
    expect(asyncServer.calls).toContain("auth/login");
    expect(asyncServer.calls.filter((c) => c === "signatures/signPolling")).toHaveLength(2);
  });
});

describe("CSC v2 remote signing: typed failures", () => {
  it("answers a wrong PIN with PIN_INCORRECT, and the service's lock with PIN_LOCKED", async () => {
    const local = await startCscServer({ ...CSC_TEST_CLIENT, chainPemFile: pki.chainPemFile, credentials: cscTestCredentials(pki.entities) });
    const settings = { cscServices: [{ url: local.baseUrl, ...CSC_TEST_CLIENT }] };
    const wrong = () => cscKeySource.open(idOf("rsa2048-pin", local.baseUrl), { count: 1, env: {}, settings, secret: new TextEncoder().encode("000000") });
    const first = await caughtKysoError(wrong());
    expect(first.code).toBe("PIN_INCORRECT");
    expect(first.message).not.toContain("000000");
    await caughtKysoError(wrong());
    expect((await caughtKysoError(wrong())).code).toBe("PIN_LOCKED");
    await local.close();
  });

  it("answers a missing PIN with PIN_REQUIRED before asking the service to authorise", async () => {
    expect((await caughtKysoError(open("rsa2048-pin"))).code).toBe("PIN_REQUIRED");
  });

  it("answers a rejection on the phone with REMOTE_SIGNING_REJECTED and the service's expiry with REMOTE_SIGNING_EXPIRED", async () => {
    const rejected = open("ecdsa-der-phone");
    server.reject((await server.nextApproval()).handle);
    expect((await caughtKysoError(rejected)).code).toBe("REMOTE_SIGNING_REJECTED");
    const expired = open("ecdsa-der-phone");
    server.expire((await server.nextApproval()).handle);
    expect((await caughtKysoError(expired)).code).toBe("REMOTE_SIGNING_EXPIRED");
  });

  it("gives up with TIMEOUT when nobody approves within the configured time", async () => {
    const waiting = open("ecdsa-der-phone", { services: [service({ approvalTimeoutMs: 200 })] });
    const approval = await server.nextApproval();
    expect((await caughtKysoError(waiting)).code).toBe("TIMEOUT");
    server.reject(approval.handle);
  });

  it("stops waiting for the phone with CANCELLED when the caller aborts", async () => {
    const controller = new AbortController();
    const waiting = open("ecdsa-der-phone", { signal: controller.signal });
    const approval = await server.nextApproval();
    controller.abort();
    expect((await caughtKysoError(waiting)).code).toBe("CANCELLED");
    server.reject(approval.handle);
  });

  it("answers a service that is down with REMOTE_SERVICE_UNREACHABLE and refused client credentials with REMOTE_SIGNING_UNAUTHORIZED", async () => {
    const down = { url: downUrl };
    expect((await caughtKysoError(cscKeySource.open(idOf("x", down.url), { count: 1, env: {}, settings: { cscServices: [down] } }))).code).toBe("REMOTE_SERVICE_UNREACHABLE");
    const refused = await caughtKysoError(open("rsa2048-pin", { secret: pin(), services: [service({ clientSecret: "wrong" })] }));
    expect(refused.code).toBe("REMOTE_SIGNING_UNAUTHORIZED");
  });

  it("refuses a csc: URI naming a service nobody configured (KEY_NOT_FOUND), and an unknown credential", async () => {
    const elsewhere = formatCscUri({ credentialId: "rsa2048-pin", serviceUrl: "https://attacker.example/csc/v2" });
    expect((await caughtKysoError(cscKeySource.open(elsewhere, { count: 1, env: {}, secret: pin(), settings: { cscServices: [service()] } }))).code).toBe("KEY_NOT_FOUND");
    expect((await caughtKysoError(open("khong-co", { secret: pin() }))).code).toBe("KEY_NOT_FOUND");
  });
});
