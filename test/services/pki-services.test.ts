import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runOpenssl } from "../pki/openssl-command.js";
import { testServices } from "../setup/test-services.js";

const { pki, repositoryBaseUrl, ocspUrl, tsaUrl } = testServices();
let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-pki-services-"));
});

/** Builds an OCSP request with `openssl ocsp` (an independent client) for one certificate. */
async function ocspRequestFor(certPemFile: string): Promise<{ requestDer: Uint8Array<ArrayBuffer>; requestFile: string }> {
  const requestFile = join(scratch, `req-${Math.random().toString(16).slice(2)}.der`);
  await runOpenssl(["ocsp", "-issuer", pki.issuingCa.certPemFile, "-sha256", "-cert", certPemFile, "-reqout", requestFile]);
  return { requestDer: new Uint8Array(await readFile(requestFile)), requestFile };
}

/**
 * Verifies a DER OCSP response with `openssl ocsp` (signature, responder authorisation and
 * the nonce of the original request) and returns its status text.
 */
async function checkOcspResponse(responseDer: Uint8Array, request: { requestFile: string }): Promise<string> {
  const responseFile = join(scratch, `resp-${Math.random().toString(16).slice(2)}.der`);
  await writeFile(responseFile, responseDer);
  // Given the original request, openssl also checks that the response echoes its nonce;
  // it exits non-zero when the signature, the responder or the nonce does not verify.
  const out = await runOpenssl([
    "ocsp", "-respin", responseFile, "-reqin", request.requestFile, "-resp_text",
    "-CAfile", pki.rootCa.certPemFile, "-verify_other", pki.issuingCa.certPemFile,
  ]);
  return out.toString("utf8");
}

describe("CA repository (AIA caIssuers and CRL distribution points)", () => {
  it("serves the issuing CA certificate as DER at the URL the signers' AIA names", async () => {
    const response = await fetch(`${repositoryBaseUrl}/certs/issuing-ca.cer`);
    expect(response.headers.get("content-type")).toBe("application/pkix-cert");
    const served = new X509Certificate(Buffer.from(await response.arrayBuffer()));
    expect(served.fingerprint256).toBe(new X509Certificate(await readFile(pki.issuingCa.certPemFile)).fingerprint256);
  });

  it("serves a CRL that lists the revoked signer", async () => {
    const response = await fetch(`${repositoryBaseUrl}/crl/issuing-ca.crl`);
    expect(response.status).toBe(200);
    const crlFile = join(scratch, "served.crl");
    await writeFile(crlFile, Buffer.from(await response.arrayBuffer()));
    const text = (await runOpenssl(["crl", "-inform", "DER", "-in", crlFile, "-noout", "-text", "-CAfile", pki.issuingCa.certPemFile])).toString("utf8");
    expect(text).toContain(pki.entities.revokedSigner.serialHex);
  });

  it("answers 404 for anything else", async () => {
    expect((await fetch(`${repositoryBaseUrl}/crl/unknown.crl`)).status).toBe(404);
  });
});

describe("OCSP responder", () => {
  it("answers 'good' for a valid signer over POST, signed by the delegated responder", async () => {
    const request = await ocspRequestFor(pki.entities.signerRsa2048.certPemFile);
    const response = await fetch(ocspUrl, { method: "POST", headers: { "content-type": "application/ocsp-request" }, body: request.requestDer });
    expect(response.headers.get("content-type")).toBe("application/ocsp-response");
    const status = await checkOcspResponse(Buffer.from(await response.arrayBuffer()), request);
    expect(status).toContain("Cert Status: good");
  });

  it("answers 'revoked' with the reason for the revoked signer", async () => {
    const request = await ocspRequestFor(pki.entities.revokedSigner.certPemFile);
    const response = await fetch(ocspUrl, { method: "POST", headers: { "content-type": "application/ocsp-request" }, body: request.requestDer });
    const status = await checkOcspResponse(Buffer.from(await response.arrayBuffer()), request);
    expect(status).toContain("Cert Status: revoked");
    expect(status).toContain("Revocation Reason: keyCompromise");
  });

  it("accepts the GET form of RFC 6960 Appendix A.1", async () => {
    const request = await ocspRequestFor(pki.entities.signerEcdsaP256.certPemFile);
    const response = await fetch(`${ocspUrl}/${encodeURIComponent(Buffer.from(request.requestDer).toString("base64"))}`);
    expect(await checkOcspResponse(Buffer.from(await response.arrayBuffer()), request)).toContain("Cert Status: good");
  });
});

describe("RFC 3161 timestamp authority", () => {
  it("returns a timestamp token over the submitted imprint that verifies against the test root", async () => {
    const dataFile = join(scratch, "document.bin");
    await writeFile(dataFile, "Quyết định số 01/QĐ-UBND");
    const queryFile = join(scratch, "query.tsq");
    await runOpenssl(["ts", "-query", "-data", dataFile, "-sha256", "-cert", "-out", queryFile]);
    const response = await fetch(tsaUrl, { method: "POST", headers: { "content-type": "application/timestamp-query" }, body: new Uint8Array(await readFile(queryFile)) });
    expect(response.headers.get("content-type")).toBe("application/timestamp-reply");
    const replyFile = join(scratch, "reply.tsr");
    await writeFile(replyFile, Buffer.from(await response.arrayBuffer()));
    const verified = await runOpenssl(["ts", "-verify", "-data", dataFile, "-in", replyFile, "-CAfile", pki.rootCa.certPemFile, "-untrusted", pki.chainPemFile]);
    expect(verified.toString("utf8")).toContain("Verification: OK");
  });

  it("refuses a token for different data (the imprint is really checked)", async () => {
    const dataFile = join(scratch, "original.bin");
    const otherFile = join(scratch, "other.bin");
    await writeFile(dataFile, "văn bản gốc");
    await writeFile(otherFile, "văn bản khác");
    const queryFile = join(scratch, "query2.tsq");
    await runOpenssl(["ts", "-query", "-data", dataFile, "-sha256", "-cert", "-out", queryFile]);
    const response = await fetch(tsaUrl, { method: "POST", headers: { "content-type": "application/timestamp-query" }, body: new Uint8Array(await readFile(queryFile)) });
    const replyFile = join(scratch, "reply2.tsr");
    await writeFile(replyFile, Buffer.from(await response.arrayBuffer()));
    await expect(runOpenssl(["ts", "-verify", "-data", otherFile, "-in", replyFile, "-CAfile", pki.rootCa.certPemFile, "-untrusted", pki.chainPemFile])).rejects.toThrow(/message imprint mismatch/);
  });

  it("rejects requests that are not timestamp queries", async () => {
    expect((await fetch(tsaUrl, { method: "POST", headers: { "content-type": "text/plain" }, body: "x" })).status).toBe(415);
  });
});
