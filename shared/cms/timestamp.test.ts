import { createHash } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadPkcs12Signer } from "../../sidecar/keys/pkcs12-signer.js";
import { runOpenssl } from "../../test/pki/openssl-command.js";
import { PKCS12_PASSWORD } from "../../test/pki/test-pki.js";
import { testServices } from "../../test/setup/test-services.js";
import { digest, type HashAlgorithm } from "./algorithms.js";
import { addSignatureTimestamp, buildCadesDetachedSignedData } from "./cades-detached.js";
import { estimateCadesSize } from "./cades-size.js";
import { parseDer, type DerElement } from "./der.js";
import { requestTimestampToken } from "./timestamp.js";

const { pki, tsaUrl } = testServices();
let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-timestamp-"));
});

/** RFC 3161 §3.4 transport to the test TSA. */
async function postToTsa(requestDer: Uint8Array): Promise<Uint8Array> {
  const response = await fetch(tsaUrl, { method: "POST", headers: { "content-type": "application/timestamp-query" }, body: new Uint8Array(requestDer) });
  if (!response.ok) throw new Error(`TSA answered HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** A transport that rewrites the request before it reaches the real TSA (a TSA answering something else). */
function postRewritten(rewrite: (request: pkijs.TimeStampReq) => void): (requestDer: Uint8Array) => Promise<Uint8Array> {
  return (requestDer) => {
    const request = pkijs.TimeStampReq.fromBER(new Uint8Array(requestDer));
    rewrite(request);
    return postToTsa(new Uint8Array(request.toSchema().toBER()));
  };
}

async function scratchFile(name: string, bytes: Uint8Array): Promise<string> {
  const file = join(scratch, `${Math.random().toString(16).slice(2)}-${name}`);
  await writeFile(file, bytes);
  return file;
}

/** `openssl ts -verify` of a bare token over the given data: signature, TSA certificate chain, imprint. */
async function opensslVerifyToken(tokenDer: Uint8Array, data: Uint8Array): Promise<string> {
  const [tokenFile, dataFile] = await Promise.all([scratchFile("token.der", tokenDer), scratchFile("data.bin", data)]);
  const out = await runOpenssl(["ts", "-verify", "-token_in", "-in", tokenFile, "-data", dataFile, "-CAfile", pki.rootCa.certPemFile, "-untrusted", pki.chainPemFile]);
  return out.toString("utf8");
}

async function signedCades() {
  const signer = await loadPkcs12Signer({ p12: new Uint8Array(await readFile(pki.entities.signerRsa2048.p12File)), password: PKCS12_PASSWORD });
  const content = new TextEncoder().encode("Công văn số 123/UBND-VP");
  const signature = await buildCadesDetachedSignedData({ contentDigest: await digest("SHA-256", content), signer });
  return { signer, content, ...signature };
}

describe("RFC 3161 timestamp client against the test TSA", () => {
  it.each<HashAlgorithm>(["SHA-256", "SHA-384", "SHA-512"])("gets a %s token that openssl ts -verify accepts for the stamped data", async (hash) => {
    const data = crypto.getRandomValues(new Uint8Array(256));
    const tokenDer = await requestTimestampToken({ data, hash, post: postToTsa });
    expect(await opensslVerifyToken(tokenDer, data)).toContain("Verification: OK");
  });

  it("returns a token that openssl refuses for other data (the imprint is the requested one)", async () => {
    const tokenDer = await requestTimestampToken({ data: new Uint8Array([1, 2, 3]), hash: "SHA-256", post: postToTsa });
    await expect(opensslVerifyToken(tokenDer, new Uint8Array([1, 2, 4]))).rejects.toThrow(/message imprint mismatch/);
  });

  it("asks for the TSA certificate and a nonce in every request", async () => {
    let seen: pkijs.TimeStampReq | undefined;
    await requestTimestampToken({ data: new Uint8Array([7]), hash: "SHA-256", post: (der) => { seen = pkijs.TimeStampReq.fromBER(new Uint8Array(der)); return postToTsa(der); } });
    expect(seen?.version).toBe(1);
    expect(seen?.certReq).toBe(true);
    expect(seen?.nonce?.valueBlock.valueHexView.length).toBe(8);
  });
});

describe("signature timestamp (PAdES B-T)", () => {
  it("adds the token over the signature value as signatureTimeStampToken; openssl cms -verify still passes", async () => {
    const { content, contentInfoDer, signatureValue } = await signedCades();
    const tokenDer = await requestTimestampToken({ data: signatureValue, hash: "SHA-256", post: postToTsa });
    const stamped = addSignatureTimestamp(contentInfoDer, tokenDer);

    const [cmsFile, contentFile] = await Promise.all([scratchFile("sig.der", stamped), scratchFile("data.bin", content)]);
    await runOpenssl(["cms", "-verify", "-binary", "-inform", "DER", "-in", cmsFile, "-content", contentFile, "-CAfile", pki.rootCa.certPemFile, "-purpose", "any", "-out", "/dev/null"]);
    const printed = (await runOpenssl(["cms", "-cmsout", "-print", "-inform", "DER", "-in", cmsFile])).toString("utf8");
    const unsigned = printed.slice(printed.indexOf("unsignedAttrs:"));
    expect(unsigned).toContain("object: id-smime-aa-timeStampToken (1.2.840.113549.1.9.16.2.14)");
    // RFC 3161 App. A: the token stamps the SignerInfo signature value.
    expect(await opensslVerifyToken(tokenDer, signatureValue)).toContain("Verification: OK");
  });

  it("keeps the certificates, signed attributes and signature byte for byte, and appends the token verbatim", async () => {
    const { contentInfoDer, signatureValue } = await signedCades();
    const tokenDer = await requestTimestampToken({ data: signatureValue, hash: "SHA-256", post: postToTsa });
    const stamped = addSignatureTimestamp(contentInfoDer, tokenDer);
    const hex = (element: DerElement) => Buffer.from(element.der).toString("hex");
    const signedData = (der: Uint8Array) => parseDer(der, "test CMS").children[1]!.children[0]!;
    const signerInfo = (der: Uint8Array) => signedData(der).children.at(-1)!.children[0]!;

    expect(signedData(stamped).children.slice(0, -1).map(hex)).toEqual(signedData(contentInfoDer).children.slice(0, -1).map(hex));
    expect(signerInfo(stamped).children.slice(0, -1).map(hex)).toEqual(signerInfo(contentInfoDer).children.map(hex));
    const unsignedAttrs = signerInfo(stamped).children.at(-1)!;
    expect(unsignedAttrs.tag).toBe(0xa1);
    expect(Buffer.from(unsignedAttrs.der).indexOf(Buffer.from(tokenDer))).toBeGreaterThan(0);
  });

  it("reserves enough room for a timestamp token of a known size", async () => {
    const { signer, contentInfoDer, signatureValue } = await signedCades();
    const tokenDer = await requestTimestampToken({ data: signatureValue, hash: "SHA-256", post: postToTsa });
    const stamped = addSignatureTimestamp(contentInfoDer, tokenDer);
    const estimate = await estimateCadesSize({ signer, timeStampTokenSizeBytes: tokenDer.length });
    expect(estimate).toBeGreaterThanOrEqual(stamped.length);
    expect(estimate - stamped.length).toBeLessThanOrEqual(16);
  });

  it("refuses to add something that is not a timestamp token", async () => {
    const { contentInfoDer } = await signedCades();
    expect(() => addSignatureTimestamp(contentInfoDer, new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]))).toThrow(expect.objectContaining({ name: "KysoError", code: "BAD_REQUEST" }));
  });
});

describe("RFC 3161 client refuses bad answers with typed errors", () => {
  const data = new TextEncoder().encode("chữ ký");
  const typed = (message: RegExp, code = "TIMESTAMP_RESPONSE_INVALID"): unknown => expect.objectContaining({ name: "KysoError", code, message: expect.stringMatching(message) as unknown });

  it.each([
    ["random bytes", crypto.getRandomValues(new Uint8Array(300))],
    ["an empty body", new Uint8Array()],
    ["an HTML error page", new TextEncoder().encode("<html><body>502 Bad Gateway</body></html>")],
    ["a truncated SEQUENCE", new Uint8Array([0x30, 0x82, 0x10, 0x00, 0x30, 0x03])],
    ["a SEQUENCE with trailing garbage", new Uint8Array([0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x00, 0xff])],
  ])("refuses %s as a TSA response", async (_name, body) => {
    await expect(requestTimestampToken({ data, hash: "SHA-256", post: () => Promise.resolve(body) })).rejects.toEqual(typed(/timestamp response/));
  });

  it("refuses a granted status without a token", async () => {
    const body = new pkijs.TimeStampResp({ status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }) }).toSchema().toBER();
    await expect(requestTimestampToken({ data, hash: "SHA-256", post: () => Promise.resolve(new Uint8Array(body)) })).rejects.toEqual(typed(/no token/));
  });

  it("reports a rejection with the TSA's status text", async () => {
    const status = new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.rejection, statusStrings: [new asn1js.Utf8String({ value: "bad message digest algorithm" })] });
    const body = new pkijs.TimeStampResp({ status }).toSchema().toBER();
    await expect(requestTimestampToken({ data, hash: "SHA-256", post: () => Promise.resolve(new Uint8Array(body)) })).rejects.toEqual(typed(/refused .*status 2: bad message digest algorithm/, "TIMESTAMP_REFUSED"));
  });

  it("refuses a token that does not echo the request's nonce", async () => {
    const post = postRewritten((request) => { request.nonce = new asn1js.Integer({ value: 42 }); });
    await expect(requestTimestampToken({ data, hash: "SHA-256", post })).rejects.toEqual(typed(/nonce/));
  });

  it("refuses a token over a different imprint than the one requested", async () => {
    const post = postRewritten((request) => { request.messageImprint.hashedMessage = new asn1js.OctetString({ valueHex: new Uint8Array(32).fill(7) }); });
    await expect(requestTimestampToken({ data, hash: "SHA-256", post })).rejects.toEqual(typed(/different message imprint/));
  });

  /** The test TSA's answer with one bit flipped in the last byte: the end of the token's signature value. */
  const postWithBrokenSignature = async (requestDer: Uint8Array) => {
    const body = await postToTsa(requestDer);
    body[body.length - 1] = body[body.length - 1]! ^ 0x01;
    return body;
  };

  it("refuses a token whose TSA signature does not verify", async () => {
    await expect(requestTimestampToken({ data, hash: "SHA-256", post: postWithBrokenSignature })).rejects.toEqual(typed(/signature does not verify/));
  });

  it("checks the TSA's signature just as well when only the imprint is given (document timestamps)", async () => {
    const imprint = new Uint8Array(createHash("sha256").update(data).digest());
    await expect(requestTimestampToken({ imprint, hash: "SHA-256", post: postToTsa })).resolves.toBeInstanceOf(Uint8Array);
    await expect(requestTimestampToken({ imprint, hash: "SHA-256", post: postWithBrokenSignature })).rejects.toEqual(typed(/signature does not verify/));
  });

  it("reports a transport failure as a typed error, keeping the cause", async () => {
    const cause = new Error("ECONNREFUSED");
    await expect(requestTimestampToken({ data, hash: "SHA-256", post: () => Promise.reject(cause) })).rejects.toEqual(
      expect.objectContaining({ name: "KysoError", code: "TIMESTAMP_UNREACHABLE", cause }),
    );
  });
});
