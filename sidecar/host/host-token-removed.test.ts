import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HostMessage } from "../../shared/protocol/envelope.js";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.js";
import { buildPkcs11Shim } from "../../test/services/pkcs11-shim.js";
import { testServices } from "../../test/setup/test-services.js";
import { startHost } from "./host-test-harness.js";

/**
 * sign.digest when the token is pulled out part way through a batch: the real host, the
 * SoftHSM2 key behind the test shim (slow C_Sign, then "unplugged" by a flag file).
 */
const { softhsm } = testServices();
let scratch: string;
let shimPath: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-host-unplug-"));
  shimPath = await buildPkcs11Shim(scratch);
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("native host: a token pulled out in the middle of sign.digest", () => {
  it("answers with the signatures made before it went and stopped: TOKEN_REMOVED, and audits exactly those as signed", async () => {
    const flag = join(scratch, "unplugged");
    const started = await startHost({
      config: { pkcs11Modules: [shimPath] },
      env: { KYSO_SHIM_TARGET: softhsm.modulePath, KYSO_SHIM_SIGN_DELAY_MS: "400", KYSO_SHIM_REMOVED_FLAG: flag },
    });
    try {
      await started.client.hello();
      const listed = await started.client.request({ id: "k", method: "keys.list", params: {} });
      const certificates = ("result" in listed.message ? listed.message.result : { certificates: [] }) as { certificates: Array<{ subject: string; certificateId: string }> };
      const signer = certificates.certificates.find((entry) => entry.subject.includes("Nguyễn Văn An"))!;
      const items = [1, 2, 3, 4].map((n) => ({ documentName: `Tờ trình ${n}.pdf`, documentSha256: createHash("sha256").update(`doc${n}`).digest("hex"), toBeSigned: Buffer.from(`signed attributes ${n}`).toString("base64") }));
      started.client.send({ v: PROTOCOL_VERSION, id: "s", method: "sign.digest", params: { certificateId: signer.certificateId, items, pin: softhsm.userPin, origin: "https://vanban.example.gov.vn" } });
      let answer: HostMessage | undefined;
      while (!answer) {
        const message = await started.client.next(20_000);
        if (!message) throw new Error("the host closed before answering");
        if (message.id !== "s") continue;
        // The progress event before the third document: two are signed, the third's C_Sign sleeps in the shim.
        if ("event" in message) {
          if ((message.event as { done?: number }).done === 2) await writeFile(flag, "");
          continue;
        }
        answer = message;
      }
      expect("result" in answer, JSON.stringify(answer)).toBe(true);
      const result = (answer as { result: { signatures: string[]; stopped?: { code: string } } }).result;
      expect(result.signatures).toHaveLength(2);
      expect(result.stopped?.code).toBe("TOKEN_REMOVED");
      const audit = (await readFile(join(started.stateDir, "audit.jsonl"), "utf8")).trim().split("\n").map((line) => JSON.parse(line) as { documentName: string; result: string });
      expect(audit.map((record) => [record.documentName, record.result])).toEqual([
        ["Tờ trình 1.pdf", "ok"],
        ["Tờ trình 2.pdf", "ok"],
        ["Tờ trình 3.pdf", "TOKEN_REMOVED"],
        ["Tờ trình 4.pdf", "TOKEN_REMOVED"],
      ]);
    } finally {
      await started.client.close();
    }
  });
});
