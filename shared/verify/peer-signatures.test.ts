import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { nobleHasherFactory } from "../cms/incremental-hasher.js";
import { memoryByteSource } from "../pdf/byte-source.js";
import { validationDataHttpTransport } from "../../sidecar/network/validation-data-http-transport.js";
import { createNssTrustStore, pdfsig, type PdfsigSignature } from "../../test/pdf-checkers/pdfsig.js";
import { testServices } from "../../test/setup/test-services.js";
import { issueEcdsaSigner, kysoSigned, libpdfSigned, opensslSigned, opensslVerifiesSignature, signpdfSigned } from "../../test/verify/signed-files.js";
import { renderVerificationText } from "./report-text.js";
import { verificationJson } from "./verification-json.js";
import { verifyDocument } from "./verify-document.js";

const { pki } = testServices();
let scratch: string;
let nssDir: string;
let rootPem: string;
let unsigned: Uint8Array;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-verify-peers-"));
  nssDir = await createNssTrustStore(join(scratch, "nss"), pki.rootCa.certPemFile);
  rootPem = await readFile(pki.rootCa.certPemFile, "utf8");
  const document = await PDFDocument.create();
  document.addPage([595, 842]);
  // placeholder-plain reads only classic cross-reference tables.
  unsigned = await document.save({ useObjectStreams: false });
});

/** kyso's and pdfsig's verdicts on the same file, signature by signature. */
async function bothVerdicts(name: string, bytes: Uint8Array): Promise<{ kyso: Awaited<ReturnType<typeof verifyDocument>>; poppler: PdfsigSignature[] }> {
  const file = join(scratch, `${name}.pdf`);
  await writeFile(file, bytes);
  const kyso = await verifyDocument({ source: memoryByteSource(bytes), trustAnchorsPem: [rootPem], createHasher: nobleHasherFactory, transport: validationDataHttpTransport() });
  return { kyso, poppler: await pdfsig(file, nssDir) };
}

describe("signatures made by other signers verify as pdfsig says", () => {
  const signers = {
    "@signpdf/signpdf, adbe.pkcs7.detached (its default)": () => signpdfSigned({ pki, bytes: unsigned, entity: "signerRsa2048" }),
    "@signpdf/signpdf, ETSI.CAdES.detached": () => signpdfSigned({ pki, bytes: unsigned, entity: "signerRsa2048", subFilter: "ETSI.CAdES.detached" }),
    "@libpdf/core, PAdES B-B": () => libpdfSigned({ pki, bytes: unsigned, entity: "signerRsa3072" }),
    "openssl cms with signed attributes, adbe.pkcs7.detached": () => opensslSigned({ pki, bytes: unsigned, entity: "signerRsa2048", signedAttributes: true }),
    "openssl cms without signed attributes (-noattr), adbe.pkcs7.detached": () => opensslSigned({ pki, bytes: unsigned, entity: "signerRsa2048", signedAttributes: false }),
  };
  it.each(Object.keys(signers))("%s: valid and trusted for both, the same signer named", async (name) => {
    const { kyso, poppler } = await bothVerdicts(name.replace(/[^a-z0-9]+/gi, "-"), await signers[name as keyof typeof signers]());
    expect(poppler.map((s) => [s.valid, s.trusted]), poppler[0]?.raw).toEqual([[true, true]]);
    expect(kyso.signatures.map((s) => s.indication), JSON.stringify(kyso, null, 1)).toEqual(["TOTAL_PASSED"]);
    expect(kyso.signatures[0]?.signer?.name).toBe(poppler[0]?.signerName);
  });

  it("fails, as pdfsig does, a signature without signed attributes over bytes changed after signing (HASH_FAILURE)", async () => {
    const signed = await opensslSigned({ pki, bytes: unsigned, entity: "signerRsa2048", signedAttributes: false });
    const tampered = new Uint8Array(signed);
    tampered[20] = tampered[20] === 0x41 ? 0x42 : 0x41;
    const { kyso, poppler } = await bothVerdicts("noattr-tampered", tampered);
    expect(poppler.map((s) => s.valid)).toEqual([false]);
    expect(kyso.signatures.map((s) => [s.indication, s.subIndication])).toEqual([["TOTAL_FAILED", "HASH_FAILURE"]]);
  });

  it("fails, as pdfsig does, the first signature of a file @libpdf/core 0.4.2 rewrote (not incrementally) after @signpdf signed it", async () => {
    const first = await signpdfSigned({ pki, bytes: unsigned, entity: "signerRsa2048" });
    const rewritten = await libpdfSigned({ pki, bytes: first, entity: "signerRsa3072" });
    expect(Buffer.from(rewritten.subarray(0, first.length)).equals(Buffer.from(first)), "the peer kept the first revision").toBe(false);
    const { kyso, poppler } = await bothVerdicts("libpdf-rewrote-signpdf", rewritten);
    expect(poppler.map((s) => s.valid)).toEqual([false, true]);
    // pdfsig says "Digest Mismatch"; kyso sees first that the ByteRange no longer surrounds that signature's /Contents.
    expect(kyso.signatures.map((s) => [s.signer?.name, s.indication, s.subIndication, s.integrity.problem])).toEqual([
      [pki.entities.signerRsa2048.commonName, "TOTAL_FAILED", "FORMAT_FAILURE", "contents-not-in-gap"],
      [pki.entities.signerRsa3072.commonName, "TOTAL_PASSED", undefined, undefined],
    ]);
  });
});

describe("a CAdES signature whose signed attributes do not bind the signer's certificate (no signing-certificate-v2)", () => {
  it("stays valid as pdfsig says, claims no PAdES baseline level, and the report warns in Vietnamese and English", async () => {
    // @signpdf signs contentType, messageDigest and signingTime only: the certificate is picked by the unsigned issuer and serial.
    const { kyso, poppler } = await bothVerdicts("signpdf-cades-unbound", await signpdfSigned({ pki, bytes: unsigned, entity: "signerRsa2048", subFilter: "ETSI.CAdES.detached" }));
    expect(poppler.map((s) => s.valid)).toEqual([true]);
    const [signature] = kyso.signatures;
    expect([signature?.indication, signature?.cryptography.signingCertificateBound, signature?.level], JSON.stringify(kyso, null, 1)).toEqual(["TOTAL_PASSED", false, undefined]);
    expect(verificationJson(kyso).signatures[0]).not.toHaveProperty("level");
    expect(renderVerificationText(kyso, "vi")).toContain("chứng thư của người ký không được gắn vào chữ ký bằng thuộc tính đã ký (signing-certificate-v2)");
    expect(renderVerificationText(kyso, "en")).toContain("the signer's certificate is not bound to the signature by a signed attribute (signing-certificate-v2)");
    expect(renderVerificationText(kyso, "en")).not.toContain("PAdES level");
  });

  it("a kyso signature, which carries signing-certificate-v2, keeps its level and has no such warning", async () => {
    const { kyso } = await bothVerdicts("kyso-bound", await kysoSigned({ pki, bytes: unsigned, entity: "signerRsa2048" }));
    expect([kyso.signatures[0]?.cryptography.signingCertificateBound, kyso.signatures[0]?.level]).toEqual([true, "B-B"]);
    expect(renderVerificationText(kyso, "en")).not.toContain("signing-certificate-v2");
  });
});

describe("adbe.pkcs7.detached without signed attributes (RFC 5652 §5.4: the signature is over the content digest) by ECDSA and RSA-PSS keys", () => {
  const noAttributes = {
    "ECDSA P-256, SHA-256": () => opensslSigned({ pki, bytes: unsigned, entity: "signerEcdsaP256", signedAttributes: false }),
    "ECDSA P-384, SHA-384": async () => opensslSigned({ pki, bytes: unsigned, entity: await issueEcdsaSigner(pki, { dir: scratch, curve: "P-384" }), signedAttributes: false, digest: "sha384" }),
    "ECDSA P-521, SHA-512": async () => opensslSigned({ pki, bytes: unsigned, entity: await issueEcdsaSigner(pki, { dir: scratch, curve: "P-521" }), signedAttributes: false, digest: "sha512" }),
    "RSASSA-PSS, SHA-256": () => opensslSigned({ pki, bytes: unsigned, entity: "signerRsa2048", signedAttributes: false, keyOptions: ["rsa_padding_mode:pss"] }),
    "RSASSA-PSS, SHA-512, salt = digest length": () => opensslSigned({ pki, bytes: unsigned, entity: "signerRsa3072", signedAttributes: false, digest: "sha512", keyOptions: ["rsa_padding_mode:pss", "rsa_pss_saltlen:digest"] }),
  };
  type Name = keyof typeof noAttributes;
  const slug = (name: string) => `noattr-${name.replace(/[^a-z0-9]+/gi, "-")}`;
  /** pdfsig's signature check, except for PSS, which NSS cannot check without signed attributes: openssl cms -verify judges those. */
  async function refereeSaysValid(name: string, bytes: Uint8Array, poppler: PdfsigSignature[]): Promise<boolean> {
    return name.startsWith("RSASSA-PSS") ? opensslVerifiesSignature(bytes) : poppler[0]?.valid === true;
  }

  it.each(Object.keys(noAttributes))("%s: valid as the referee says, trusted and passed, the same signer as pdfsig names", async (name) => {
    const bytes = await noAttributes[name as Name]();
    const { kyso, poppler } = await bothVerdicts(slug(name), bytes);
    const [signature] = kyso.signatures;
    expect(await refereeSaysValid(name, bytes, poppler), poppler[0]?.raw).toBe(true);
    expect(signature?.cryptography, JSON.stringify(kyso, null, 1)).toMatchObject({ valid: true, problems: [] });
    // The P-384 and P-521 signers are not in the OCSP responder's index ("unknown"), so their good status comes from the CRL.
    expect([signature?.integrity.intact, signature?.trust.trusted, signature?.revocation.status, signature?.indication]).toEqual([true, true, "good", "TOTAL_PASSED"]);
    expect(signature?.signer?.name).toBe(poppler[0]?.signerName);
  });

  it.each(Object.keys(noAttributes))("%s: one byte changed after signing fails as the referee says (HASH_FAILURE; SIG_CRYPTO_FAILURE for ECDSA, which cannot tell)", async (name) => {
    const tampered = new Uint8Array(await noAttributes[name as Name]());
    tampered[20] = tampered[20] === 0x41 ? 0x42 : 0x41;
    const { kyso, poppler } = await bothVerdicts(`${slug(name)}-tampered`, tampered);
    expect(await refereeSaysValid(name, tampered, poppler)).toBe(false);
    // RSA (v1.5 and PSS) shows which digest was signed, so a changed document is a hash failure; ECDSA only says "does not verify".
    const expected = name.startsWith("ECDSA") ? "SIG_CRYPTO_FAILURE" : "HASH_FAILURE";
    expect(kyso.signatures.map((s) => [s.indication, s.subIndication, s.cryptography.valid])).toEqual([["TOTAL_FAILED", expected, false]]);
  });
});
