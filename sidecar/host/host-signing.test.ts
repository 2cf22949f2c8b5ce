import { createHash, createPublicKey, verify, X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { testServices } from "../../test/setup/test-services.js";
import type { HostMessage } from "../../shared/protocol/envelope.js";
import { verifyAuditLog } from "../audit/audit-verify.js";
import { rawFrame, startHost, type StartedHost } from "./host-test-harness.js";

const { softhsm } = testServices();
const hosts: StartedHost[] = [];
afterEach(async () => {
  for (const started of hosts.splice(0)) await started.client.close();
});
async function host(): Promise<StartedHost> {
  const started = await startHost({ config: { pkcs11Modules: [softhsm.modulePath] } });
  hosts.push(started);
  await started.client.hello();
  return started;
}
const resultOf = (message: HostMessage) => ("result" in message ? message.result : undefined) as Record<string, unknown>;
const errorCode = (message: HostMessage) => ("error" in message ? message.error.code : undefined);

describe("native host: keys and signing through a SoftHSM2 token", () => {
  it("lists the token's certificates with a certificate id sign.digest accepts", async () => {
    const started = await host();
    const { message } = await started.client.request({ id: "k", method: "keys.list", params: {} });
    const certificates = resultOf(message).certificates as Array<{ subject: string; certificateId: string }>;
    expect(certificates.length).toBe(softhsm.objects.length);
    expect(certificates.find((c) => c.subject.includes("Nguyễn Văn An"))?.certificateId).toMatch(/^pkcs11:token=/);
  });

  it("signs a batch of signed attributes with one PIN, sends progress, records each document in the audit chain and never logs the PIN", async () => {
    const started = await host();
    const listed = await started.client.request({ id: "k", method: "keys.list", params: {} });
    const an = (resultOf(listed.message).certificates as Array<{ subject: string; certificateId: string }>).find((c) => c.subject.includes("Nguyễn Văn An"))!;
    const toBeSigned = [Buffer.from("signed attributes 1"), Buffer.from("signed attributes 2")];
    const items = toBeSigned.map((bytes, i) => ({ documentName: `Công văn ${i + 1}.pdf`, documentSha256: createHash("sha256").update(`doc${i}`).digest("hex"), toBeSigned: bytes.toString("base64") }));
    const { message, events } = await started.client.request({
      id: "s",
      method: "sign.digest",
      params: { certificateId: an.certificateId, items, pin: softhsm.userPin, origin: "https://ioffice.example.gov.vn" },
    });
    const result = resultOf(message) as { certificate: string; signatures: string[] };
    expect(result.signatures).toHaveLength(2);
    const publicKey = createPublicKey(new X509Certificate(Buffer.from(result.certificate, "base64")).publicKey.export({ format: "pem", type: "spki" }));
    result.signatures.forEach((signature, i) => expect(verify("sha256", toBeSigned[i]!, publicKey, Buffer.from(signature, "base64"))).toBe(true));
    expect(events).toEqual([{ kind: "progress", done: 0, total: 2, stage: "sign" }, { kind: "progress", done: 1, total: 2, stage: "sign" }]);

    const auditText = await readFile(join(started.stateDir, "audit.jsonl"), "utf8");
    expect(verifyAuditLog(auditText)).toMatchObject({ ok: true, records: 2 });
    const first = JSON.parse(auditText.split("\n")[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ action: "sign", origin: "https://ioffice.example.gov.vn", documentName: "Công văn 1.pdf", documentSha256: items[0]!.documentSha256, result: "ok" });

    // The PIN also arrives inside a message that is not JSON, and in a wrong-PIN attempt.
    started.client.writeRaw(rawFrame(Buffer.from(`{"pin":"${softhsm.userPin}",`)));
    await started.client.next();
    const wrong = await started.client.request({ id: "w", method: "sign.digest", params: { certificateId: an.certificateId, items: items.slice(0, 1), pin: "00000000", origin: "https://x.example" } });
    expect(errorCode(wrong.message)).toBe("PIN_INCORRECT");
    await started.client.close();
    hosts.pop();
    const logText = await started.logText();
    expect(logText).toContain("sign.digest");
    expect(logText).not.toContain(softhsm.userPin);
    expect(logText).not.toContain("00000000");
    expect(auditText).not.toContain(softhsm.userPin);
  });
});
