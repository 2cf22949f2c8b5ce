import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { requestTimestampToken } from "../../shared/cms/timestamp.js";
import type { HostMessage } from "../../shared/protocol/envelope.js";
import { testServices } from "../../test/setup/test-services.js";
import { startHost, type StartedHost } from "./host-test-harness.js";

const { pki, tsaUrl } = testServices();
let started: StartedHost | undefined;
afterEach(async () => {
  await started?.client.close();
  started = undefined;
});
const resultOf = (message: HostMessage) => ("result" in message ? message.result : undefined);

describe("native host: timestamps and revocation data", () => {
  it("relays an RFC 3161 request to the TSA and returns a response that yields a valid token", async () => {
    started = await startHost();
    await started.client.hello();
    const host = started.client;
    const token = await requestTimestampToken({
      data: new TextEncoder().encode("chữ ký"),
      hash: "SHA-256",
      post: async (requestDer) => {
        const { message } = await host.request({ id: "tsa", method: "tsa.timestamp", params: { url: tsaUrl, request: Buffer.from(requestDer).toString("base64") } });
        return Buffer.from((resultOf(message) as { response: string }).response, "base64");
      },
    });
    expect(token.length).toBeGreaterThan(500);
  });

  it("refuses a TSA the config does not list", async () => {
    started = await startHost({ config: { tsaUrls: ["https://tsa.example.gov.vn/"] } });
    await started.client.hello();
    const { message } = await started.client.request({ id: "tsa", method: "tsa.timestamp", params: { url: tsaUrl, request: "MAA=" } });
    expect(message).toMatchObject({ error: { code: "TIMESTAMP_REFUSED" } });
  });

  it("fetches the missing issuers, OCSP responses and CRLs for a signer's chain, CRLs as blobs", async () => {
    started = await startHost();
    await started.client.hello();
    const signerDer = await readFile(pki.entities.signerRsa2048.certDerFile);
    const { message } = await started.client.request({ id: "rev", method: "revocation.fetch", params: { chain: [signerDer.toString("base64")] } });
    const result = resultOf(message) as { certificates: string[]; ocspResponses: string[]; crlBlobIds: string[] };
    const issuing = (await readFile(pki.issuingCa.certDerFile)).toString("base64");
    const root = (await readFile(pki.rootCa.certDerFile)).toString("base64");
    // The signer, its issuing CA and root (fetched from AIA), and the delegated OCSP responder's certificate.
    expect(result.certificates).toEqual(expect.arrayContaining([signerDer.toString("base64"), issuing, root]));
    expect(result.ocspResponses.length).toBeGreaterThanOrEqual(1);
    for (const blobId of result.crlBlobIds) {
      const crl = await started.client.request({ id: `crl-${blobId}`, method: "blob.get", params: { blobId, offset: 0, length: 512 * 1024 } });
      expect(resultOf(crl.message)).toMatchObject({ eof: true });
    }
  });
});
