import { createHash, createPublicKey, verify, X509Certificate } from "node:crypto";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HostMessage } from "../../shared/protocol/envelope.js";
import { startMsspSimulator, type MsspSimulator } from "../../test/services/mssp-simulator.js";
import { testServices } from "../../test/setup/test-services.js";
import { startHost, type StartedHost } from "./host-test-harness.js";

/**
 * sign.digest and keys.list through the real host process against the loopback MSSP, with the
 * PKI SIM service given by the host's config (as IT's policy keys.mobileSignature* fills it),
 * not by KYSO_MSS_* variables: a managed machine has no such environment.
 */

const { pki } = testServices();
const AP = { id: "http://ap.kyso.test", password: "ap-secret" };
const MSISDN = "+84912000111";
let simulator: MsspSimulator;
let started: StartedHost;

const resultOf = (message: HostMessage) => ("result" in message ? message.result : undefined) as Record<string, unknown>;
const items = ["Quyết định 12.pdf", "Công văn 7.pdf"].map((documentName, i) => ({
  documentName, documentSha256: createHash("sha256").update(`doc${i}`).digest("hex"), toBeSigned: Buffer.from(`signed attributes ${i + 1}`).toString("base64"),
}));

beforeAll(async () => {
  const scratch = await mkdtemp(join(tmpdir(), "kyso-host-mss-"));
  const certificateDir = join(scratch, "certificates");
  await mkdir(certificateDir);
  const entity = pki.entities.signerRsa2048;
  await writeFile(join(certificateDir, `${MSISDN}.pem`), `${await readFile(entity.certPemFile, "utf8")}${await readFile(pki.chainPemFile, "utf8")}`);
  const apPasswordFile = join(scratch, "ap-password");
  await writeFile(apPasswordFile, `${AP.password}\n`, { mode: 0o600 });
  simulator = await startMsspSimulator({ apId: AP.id, apPassword: AP.password, subscribers: [{ msisdn: MSISDN, keyPemFile: entity.keyPemFile, certPemFile: entity.certPemFile }] });
  started = await startHost({
    env: { KYSO_MSS_POLL_INTERVAL_MS: "100" },
    config: { pkcs11Modules: [], mssService: { url: simulator.signatureUrl, apId: AP.id, apPasswordFile, certificateDir, timeoutSeconds: 60 } },
  });
  await started.client.hello();
});
afterAll(async () => {
  await started.client.close();
  await simulator.close();
});

describe("native host: PKI SIM signing configured by the host's settings", () => {
  it("lists the subscriber's certificate as an mss: key", async () => {
    const { message } = await started.client.request({ id: "k", method: "keys.list", params: {} });
    const certificates = (resultOf(message) as { certificates: Array<{ provider: string; certificateId: string }> }).certificates;
    expect(certificates).toContainEqual(expect.objectContaining({ provider: "mss", certificateId: `mss:${MSISDN}` }));
  });

  it("signs each document after its own confirmation on the phone, which names the document and shows the code the browser gets", async () => {
    const answering = started.client.request({ id: "s", method: "sign.digest", params: { certificateId: `mss:${MSISDN}`, items, origin: "https://ioffice.example.gov.vn" } });
    const shown: string[] = [];
    for (let i = 0; i < items.length; i++) {
      const prompt = await simulator.nextPrompt();
      shown.push(prompt.dataToBeDisplayed);
      prompt.answer("approve");
    }
    const { message, events } = await answering;
    expect(shown[0]).toContain("Quyết định 12.pdf");
    expect(shown[1]).toContain("Công văn 7.pdf");
    const codes = events.filter((e) => (e as { kind?: string; state?: string }).kind === "approval" && (e as { state?: string }).state === "awaiting").map((e) => (e as { code: string }).code);
    expect(codes.length).toBeGreaterThan(0);
    expect(shown.some((text) => codes.some((code) => text.includes(code)))).toBe(true);
    const result = resultOf(message) as { certificate: string; signatures: string[] };
    const publicKey = createPublicKey(new X509Certificate(Buffer.from(result.certificate, "base64")).publicKey.export({ format: "pem", type: "spki" }));
    items.forEach((item, i) => expect(verify("sha256", Buffer.from(item.toBeSigned, "base64"), publicKey, Buffer.from(result.signatures[i]!, "base64"))).toBe(true));
  });
});
