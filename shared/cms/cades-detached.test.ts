import { createHash } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadPkcs12Signer } from "../../sidecar/keys/pkcs12-signer.js";
import type { SignatureAlgorithmChoice } from "../../sidecar/keys/signature-algorithm-choice.js";
import { runOpenssl } from "../../test/pki/openssl-command.js";
import { PKCS12_PASSWORD, type EntityName } from "../../test/pki/test-pki.js";
import { testServices } from "../../test/setup/test-services.js";
import { digest } from "./algorithms.js";
import { buildCadesDetachedSignedData } from "./cades-detached.js";
import { estimateCadesSize } from "./cades-size.js";
import type { CmsSigner } from "./cms-signer.js";
import { parseDer } from "./der.js";

const { pki } = testServices();
let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-cades-"));
});

const CONTENT = new TextEncoder().encode("%PDF-1.7 … Quyết định số 01/QĐ-UBND về việc ban hành quy chế …");

async function signerFor(entity: EntityName, algorithm?: SignatureAlgorithmChoice): Promise<CmsSigner> {
  const p12 = new Uint8Array(await readFile(pki.entities[entity].p12File));
  return loadPkcs12Signer({ p12, password: PKCS12_PASSWORD, ...(algorithm ? { algorithm } : {}) });
}

async function signContent(signer: CmsSigner, options: { content?: Uint8Array; signingTime?: Date } = {}) {
  const contentDigest = await digest(signer.algorithm.hash, options.content ?? CONTENT);
  return buildCadesDetachedSignedData({ contentDigest, signer, ...(options.signingTime ? { signingTime: options.signingTime } : {}) });
}

async function scratchFile(name: string, bytes: Uint8Array): Promise<string> {
  const file = join(scratch, `${Math.random().toString(16).slice(2)}-${name}`);
  await writeFile(file, bytes);
  return file;
}

/** The independent check: `openssl cms -verify` of detached content against the test root; rejects when it fails. */
async function opensslVerify(contentInfoDer: Uint8Array, content: Uint8Array): Promise<void> {
  const [cmsFile, contentFile] = await Promise.all([scratchFile("sig.der", contentInfoDer), scratchFile("data.bin", content)]);
  await runOpenssl([
    "cms", "-verify", "-binary", "-inform", "DER", "-in", cmsFile, "-content", contentFile,
    "-CAfile", pki.rootCa.certPemFile, "-certfile", pki.chainPemFile, "-purpose", "any", "-out", "/dev/null",
  ]);
}

async function opensslPrint(contentInfoDer: Uint8Array): Promise<string> {
  return (await runOpenssl(["cms", "-cmsout", "-print", "-inform", "DER", "-in", await scratchFile("sig.der", contentInfoDer)])).toString("utf8");
}

/** The section of `-cmsout -print` between two headings. */
function printedSection(printed: string, from: string, to: string): string {
  const start = printed.indexOf(from);
  return printed.slice(start, printed.indexOf(to, start));
}

const SIGNERS: Array<{ name: string; entity: EntityName; algorithm?: SignatureAlgorithmChoice; printedAlgorithm: RegExp }> = [
  { name: "RSA-2048, PKCS#1 v1.5, SHA-256", entity: "signerRsa2048", printedAlgorithm: /algorithm: rsaEncryption \(1\.2\.840\.113549\.1\.1\.1\)\s+parameter: NULL/ },
  { name: "RSA-3072, RSASSA-PSS, SHA-256", entity: "signerRsa3072", algorithm: { scheme: "rsa-pss" }, printedAlgorithm: /algorithm: rsassaPss \(1\.2\.840\.113549\.1\.1\.10\)/ },
  { name: "ECDSA P-256, SHA-256", entity: "signerEcdsaP256", printedAlgorithm: /algorithm: ecdsa-with-SHA256 \(1\.2\.840\.10045\.4\.3\.2\)\s+parameter: <ABSENT>/ },
  { name: "RSA-2048, PKCS#1 v1.5, SHA-512", entity: "signerRsa2048", algorithm: { hash: "SHA-512" }, printedAlgorithm: /rsaEncryption/ },
  { name: "RSA-3072, RSASSA-PSS, SHA-384", entity: "signerRsa3072", algorithm: { scheme: "rsa-pss", hash: "SHA-384" }, printedAlgorithm: /rsassaPss/ },
];

describe.each(SIGNERS)("CAdES-detached signature, $name, key from the .p12", ({ entity, algorithm, printedAlgorithm }) => {
  it("verifies with openssl cms -verify over the detached content, chaining to the test root", async () => {
    const { contentInfoDer } = await signContent(await signerFor(entity, algorithm));
    await expect(opensslVerify(contentInfoDer, CONTENT)).resolves.toBeUndefined();
  });

  it("fails openssl verification when one byte of the content is changed", async () => {
    const { contentInfoDer } = await signContent(await signerFor(entity, algorithm));
    const tampered = CONTENT.slice();
    tampered[5] = tampered[5]! ^ 0x01;
    await expect(opensslVerify(contentInfoDer, tampered)).rejects.toThrow(/digest failure|verification failure/i);
  });

  it("names the signature algorithm of the signer in SignerInfo.signatureAlgorithm", async () => {
    const { contentInfoDer } = await signContent(await signerFor(entity, algorithm));
    expect(printedSection(await opensslPrint(contentInfoDer), "signatureAlgorithm:", "signature:")).toMatch(printedAlgorithm);
  });

  it("reserves enough room: estimateCadesSize is at least the real size and at most 16 bytes more", async () => {
    const signer = await signerFor(entity, algorithm);
    const estimate = await estimateCadesSize({ signer });
    const { contentInfoDer } = await signContent(signer);
    expect(estimate).toBeGreaterThanOrEqual(contentInfoDer.length);
    expect(estimate - contentInfoDer.length).toBeLessThanOrEqual(16);
  });
});

describe("CAdES-detached structure (ETSI EN 319 122-1 baseline, RFC 5652)", () => {
  it("is detached SignedData v1 with eContentType id-data, the hash in digestAlgorithms and signer + chain as certificates", async () => {
    const signer = await signerFor("signerRsa2048");
    const printed = await opensslPrint((await signContent(signer)).contentInfoDer);
    expect(printed).toMatch(/d\.signedData:\s+version: 1\s+digestAlgorithms:\s+algorithm: sha256 \(2\.16\.840\.1\.101\.3\.4\.2\.1\)\s+parameter: <ABSENT>/);
    expect(printed).toMatch(/eContentType: pkcs7-data \(1\.2\.840\.113549\.1\.7\.1\)\s+eContent: <ABSENT>/);
    expect(printed.match(/d\.certificate:/g)).toHaveLength(1 + signer.chainDer.length);
    expect(printed).toMatch(/signerInfos:\s+version: 1\s+d\.issuerAndSerialNumber:/);
    // openssl prints a serial that fits in a long in decimal.
    const serial = BigInt(`0x${pki.entities.signerRsa2048.serialHex}`).toString();
    expect(printedSection(printed, "d.issuerAndSerialNumber:", "digestAlgorithm:")).toContain(`serialNumber: ${serial}`);
  });

  it("signs contentType, messageDigest and signingCertificateV2, and no signingTime by default", async () => {
    const signed = printedSection(await opensslPrint((await signContent(await signerFor("signerEcdsaP256"))).contentInfoDer), "signedAttrs:", "signatureAlgorithm:");
    expect(signed).toContain("object: contentType (1.2.840.113549.1.9.3)");
    expect(signed).toContain("object: messageDigest (1.2.840.113549.1.9.4)");
    expect(signed).toContain("object: id-smime-aa-signingCertificateV2 (1.2.840.113549.1.9.16.2.47)");
    expect(signed).not.toContain("signingTime");
  });

  it("adds signingTime (UTCTime, RFC 5652 §11.3) only when a signing time is given", async () => {
    const signingTime = new Date(Date.UTC(2026, 2, 15, 8, 30, 5, 250));
    const signed = printedSection(await opensslPrint((await signContent(await signerFor("signerRsa2048"), { signingTime })).contentInfoDer), "signedAttrs:", "signatureAlgorithm:");
    expect(signed).toMatch(/object: signingTime \(1\.2\.840\.113549\.1\.9\.5\)\s+set:\s+UTCTIME:Mar 15 08:30:05 2026 GMT/);
  });

  it("puts the content digest in messageDigest", async () => {
    const signer = await signerFor("signerRsa2048");
    const { contentInfoDer } = await signContent(signer);
    const signerInfo = parseSignerInfo(contentInfoDer);
    const messageDigest = signerInfo.signedAttrs!.attributes.find((a) => a.type === "1.2.840.113549.1.9.4")!.values[0] as asn1js.OctetString;
    expect(Buffer.from(messageDigest.valueBlock.valueHexView).toString("hex")).toBe(createHash("sha256").update(CONTENT).digest("hex"));
  });

  it("binds the signer certificate in signingCertificateV2: SHA-256 of its DER (hashAlgorithm omitted as DEFAULT), issuer and serial", async () => {
    const signer = await signerFor("signerRsa3072", { scheme: "rsa-pss" });
    const ess = printedSection(await opensslPrint((await signContent(signer)).contentInfoDer), "id-smime-aa-signingCertificateV2", "signatureAlgorithm:");
    const certHashHex = createHash("sha256").update(await readFile(pki.entities.signerRsa3072.certDerFile)).digest("hex").toUpperCase();
    expect(ess).toMatch(new RegExp(`d=3 +hl=2 l= +32 prim: +OCTET STRING +\\[HEX DUMP\\]:${certHashHex}`));
    expect(ess).not.toMatch(/OBJECT +:sha256/);
    expect(ess).toContain("cont [ 4 ]");
    expect(ess).toContain(`INTEGER           :${pki.entities.signerRsa3072.serialHex}`);
  });

  it("names the hash in ESSCertIDv2 when it is not SHA-256", async () => {
    const ess = printedSection(await opensslPrint((await signContent(await signerFor("signerRsa2048", { hash: "SHA-384" }))).contentInfoDer), "id-smime-aa-signingCertificateV2", "signatureAlgorithm:");
    expect(ess).toMatch(/OBJECT +:sha384/);
    expect(ess).toMatch(/l= +48 prim: +OCTET STRING/);
  });

  it("encodes the signed attributes in DER SET OF order (X.690 §11.6)", async () => {
    const { contentInfoDer } = await signContent(await signerFor("signerRsa2048"), { signingTime: new Date() });
    const signerInfo = parseDer(contentInfoDer, "test CMS").children[1]!.children[0]!.children.at(-1)!.children[0]!;
    const signedAttrs = signerInfo.children[3]!;
    expect(signedAttrs.tag).toBe(0xa0);
    const encodings = signedAttrs.children.map((attribute) => Buffer.from(attribute.der));
    expect(encodings).toEqual([...encodings].sort((a, b) => Buffer.compare(a, b)));
    expect(encodings).toHaveLength(4);
  });

  it("gives RSASSA-PSS the RFC 4055 parameters: the hash, MGF1 with the same hash, the salt length", async () => {
    const signer = await signerFor("signerRsa3072", { scheme: "rsa-pss", hash: "SHA-384" });
    const params = printedSection(await opensslPrint((await signContent(signer)).contentInfoDer), "algorithm: rsassaPss", "signature:");
    expect(params).toMatch(/cont \[ 0 \]\s+\S+\s+hl=2 l= +13 cons: +SEQUENCE\s+\S+\s+hl=2 l= +9 prim: +OBJECT +:sha384/);
    expect(params).toMatch(/OBJECT +:mgf1\s+.*SEQUENCE\s+.*OBJECT +:sha384/);
    expect(params).toMatch(/cont \[ 2 \]\s+.*INTEGER +:30/); // 48 = 0x30
    expect(params).not.toContain("cont [ 3 ]"); // trailerField 1 is the DEFAULT
  });
});

describe("CAdES-detached input checks", () => {
  it("refuses a content digest whose length does not fit the hash", async () => {
    const signer = await signerFor("signerRsa2048");
    await expect(buildCadesDetachedSignedData({ contentDigest: new Uint8Array(20), signer })).rejects.toMatchObject({ name: "KysoError", code: "BAD_REQUEST" });
  });

  it("refuses an ECDSA signer that returns raw r || s instead of DER", async () => {
    const signer = await signerFor("signerEcdsaP256");
    const raw: CmsSigner = { ...signer, sign: () => Promise.resolve(new Uint8Array(64).fill(0x11)) };
    await expect(signContent(raw)).rejects.toThrow(/ecdsaRawToDer/);
  });
});

function parseSignerInfo(contentInfoDer: Uint8Array): pkijs.SignerInfo {
  const contentInfo = pkijs.ContentInfo.fromBER(new Uint8Array(contentInfoDer));
  return new pkijs.SignedData({ schema: contentInfo.content as asn1js.Sequence }).signerInfos[0]!;
}
