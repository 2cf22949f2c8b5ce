import { createHash, createPublicKey, verify, X509Certificate } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { HostMessage } from "../../shared/protocol/envelope.js";
import { CSC_TEST_CLIENT, cscTestCredentials, startCscServer, type CscTestServer } from "../../test/services/csc-server.js";
import { startLoopbackHttpServer } from "../../test/services/loopback-http-server.js";
import { testServices } from "../../test/setup/test-services.js";
import { startHost, type StartedHost } from "./host-test-harness.js";

/** sign.digest and keys.list through the real host process against the loopback CSC v2 service. */

const { pki, softhsm } = testServices();
let server: CscTestServer;
let secretFile: string;
let downUrl: string;
const hosts: StartedHost[] = [];

const resultOf = (message: HostMessage) => ("result" in message ? message.result : undefined) as Record<string, unknown>;
const errorCode = (message: HostMessage) => ("error" in message ? message.error.code : undefined);
const items = (count: number) => Array.from({ length: count }, (_, i) => ({
  documentName: `Quyết định ${i + 1}.pdf`, documentSha256: createHash("sha256").update(`doc${i}`).digest("hex"), toBeSigned: Buffer.from(`signed attributes ${i + 1}`).toString("base64"),
}));

async function host(extraServices: object[] = []): Promise<StartedHost> {
  const started = await startHost({
    config: { pkcs11Modules: [softhsm.modulePath], cscServices: [{ url: server.baseUrl, name: "CA thử nghiệm", clientId: CSC_TEST_CLIENT.clientId, clientSecretFile: secretFile }, ...extraServices] },
  });
  hosts.push(started);
  await started.client.hello();
  return started;
}

beforeAll(async () => {
  server = await startCscServer({ ...CSC_TEST_CLIENT, chainPemFile: pki.chainPemFile, credentials: cscTestCredentials(pki.entities) });
  secretFile = join(await mkdtemp(join(tmpdir(), "kyso-csc-secret-")), "client-secret");
  await writeFile(secretFile, `${CSC_TEST_CLIENT.clientSecret}\n`, { mode: 0o600 });
  const gone = await startLoopbackHttpServer();
  downUrl = `${gone.baseUrl}/csc/v2`;
  await gone.close();
});
afterEach(async () => {
  for (const started of hosts.splice(0)) await started.client.close();
});
afterAll(() => server.close());

describe("native host: CSC v2 remote signing", () => {
  it("lists the service's credentials beside the token's and a service that is down as unavailable", async () => {
    const started = await host([{ url: downUrl }]);
    const { message } = await started.client.request({ id: "k", method: "keys.list", params: {} });
    const result = resultOf(message) as { certificates: Array<{ provider: string; certificateId: string; certificate?: string }>; unavailableServices: unknown[] };
    expect(result.certificates.filter((c) => c.provider === "pkcs11")).toHaveLength(softhsm.objects.length);
    const remote = result.certificates.find((c) => c.certificateId.startsWith("csc:rsa2048-phone-scal2?"));
    expect(remote?.provider).toBe("csc");
    expect(remote?.certificate).toBe((await readFile(pki.entities.signerRsa2048.certDerFile)).toString("base64"));
    expect(result.unavailableServices).toEqual([{ provider: "csc", source: downUrl, code: "REMOTE_SERVICE_UNREACHABLE" }]);
  });

  it("signs a batch with one approval on the phone for all its hashes (SCAL2), telling the browser the code to show", async () => {
    const started = await host();
    const batch = items(3);
    const authorizeCalls = server.calls.filter((c) => c === "credentials/authorize").length;
    const answering = started.client.request({
      id: "s", method: "sign.digest",
      params: { certificateId: `csc:rsa2048-phone-scal2?service=${server.baseUrl}`, items: batch, origin: "https://ioffice.example.gov.vn" },
    });
    const approval = await server.nextApproval();
    expect(approval.numSignatures).toBe(3);
    expect(approval.hashes).toEqual(batch.map((item) => createHash("sha256").update(Buffer.from(item.toBeSigned, "base64")).digest("base64")));
    server.approve(approval.handle);
    const { message, events } = await answering;
    const result = resultOf(message) as { certificate: string; chain: string[]; signatures: string[] };
    const publicKey = createPublicKey(new X509Certificate(Buffer.from(result.certificate, "base64")).publicKey.export({ format: "pem", type: "spki" }));
    batch.forEach((item, i) => expect(verify("sha256", Buffer.from(item.toBeSigned, "base64"), publicKey, Buffer.from(result.signatures[i]!, "base64"))).toBe(true));
    expect(result.chain).toHaveLength(2);
    expect(server.calls.filter((c) => c === "credentials/authorize").length - authorizeCalls).toBe(1);
    const awaiting = events.find((e) => (e as { kind?: string }).kind === "approval") as { state: string; code: string; serviceName: string };
    expect(awaiting).toMatchObject({ state: "awaiting", provider: "csc", serviceName: "CA thử nghiệm" });
    expect(approval.description).toContain(awaiting.code);
    expect(events).toContainEqual({ kind: "approval", state: "approved", provider: "csc" });
    expect(events.filter((e) => (e as { kind?: string }).kind === "progress")).toHaveLength(3);
  });

  it("answers a rejection on the phone with REMOTE_SIGNING_REJECTED and records it for each document", async () => {
    const started = await host();
    const answering = started.client.request({ id: "r", method: "sign.digest", params: { certificateId: "csc:ecdsa-der-phone", items: items(2), origin: "https://x.example" } });
    server.reject((await server.nextApproval()).handle);
    expect(errorCode((await answering).message)).toBe("REMOTE_SIGNING_REJECTED");
    const audit = (await readFile(join(started.stateDir, "audit.jsonl"), "utf8")).trim().split("\n").map((line) => JSON.parse(line) as { result: string });
    expect(audit.map((record) => record.result)).toEqual(["REMOTE_SIGNING_REJECTED", "REMOTE_SIGNING_REJECTED"]);
  });

  it("refuses a csc: URI naming a service the config does not list, and a key file path", async () => {
    const started = await host();
    const elsewhere = await started.client.request({ id: "e", method: "sign.digest", params: { certificateId: "csc:rsa2048-pin?service=https://attacker.example/csc/v2", items: items(1), pin: "246810", origin: "https://x.example" } });
    expect(errorCode(elsewhere.message)).toBe("KEY_NOT_FOUND");
    const file = await started.client.request({ id: "f", method: "sign.digest", params: { certificateId: pki.entities.signerRsa2048.p12File, items: items(1), pin: "kyso-test", origin: "https://x.example" } });
    expect(errorCode(file.message)).toBe("KEY_NOT_FOUND");
  });
});
