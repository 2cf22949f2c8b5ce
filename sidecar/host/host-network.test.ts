import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
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

  it("relays the caller's own OCSP request and answers the responder's bytes untouched; refuses a responder the config does not list", async () => {
    started = await startHost();
    await started.client.hello();
    const { ocspRequest, ocspUrl } = await ocspRequestForSigner();
    const { message } = await started.client.request({ id: "ocsp", method: "validation.ocsp", params: { url: ocspUrl, request: Buffer.from(ocspRequest).toString("base64") } });
    const response = Buffer.from((resultOf(message) as { response: string }).response, "base64");
    // OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED successful (0), ... }
    expect(response.subarray(0, 1)).toEqual(Buffer.from([0x30]));
    expect(response.includes(Buffer.from([0x0a, 0x01, 0x00]))).toBe(true);
    await started.client.close();
    started = await startHost({ config: { ocspUrls: ["https://ocsp.example.gov.vn/"] } });
    await started.client.hello();
    const refused = await started.client.request({ id: "ocsp", method: "validation.ocsp", params: { url: ocspUrl, request: Buffer.from(ocspRequest).toString("base64") } });
    expect(refused.message).toMatchObject({ error: { code: "REVOCATION_UNAVAILABLE" } });
  });

  it("fetches a CA certificate from its AIA URL into a blob for the browser's engine", async () => {
    started = await startHost();
    await started.client.hello();
    const signer = new X509Certificate(await readFile(pki.entities.signerRsa2048.certDerFile));
    const caIssuers = /CA Issuers - URI:(\S+)/.exec(signer.infoAccess ?? "")?.[1];
    expect(caIssuers).toBeDefined();
    const { message } = await started.client.request({ id: "aia", method: "validation.get", params: { url: caIssuers! } });
    const { blobId, size } = resultOf(message) as { blobId: string; size: number };
    const blob = await started.client.request({ id: "b", method: "blob.get", params: { blobId, offset: 0, length: 512 * 1024 } });
    const bytes = Buffer.from((resultOf(blob.message) as { data: string }).data, "base64");
    expect(bytes.length).toBe(size);
    expect(bytes.equals(await readFile(pki.issuingCa.certDerFile))).toBe(true);
  });
});

/** An OCSP request (built by openssl, not by kyso) about the test signer, and its responder URL from the certificate. */
async function ocspRequestForSigner(): Promise<{ ocspRequest: Uint8Array; ocspUrl: string }> {
  const signer = new X509Certificate(await readFile(pki.entities.signerRsa2048.certDerFile));
  const ocspUrl = /OCSP - URI:(\S+)/.exec(signer.infoAccess ?? "")?.[1];
  if (!ocspUrl) throw new Error("test signer has no OCSP URL");
  const out = join(await mkdtemp(join(tmpdir(), "kyso-ocsp-req-")), "request.der");
  await promisify(execFile)("openssl", ["ocsp", "-issuer", pki.issuingCa.certPemFile, "-cert", pki.entities.signerRsa2048.certPemFile, "-reqout", out, "-no_nonce"]);
  return { ocspRequest: await readFile(out), ocspUrl };
}
