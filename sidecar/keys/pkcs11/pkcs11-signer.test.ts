import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { opensslVerifyEachSignature } from "../../../test/pdf-checkers/cms-over-byterange.js";
import { createNssTrustStore, pdfsig } from "../../../test/pdf-checkers/pdfsig.js";
import { caughtKysoError, pkcs11SignerTracker } from "../../../test/services/pkcs11-signers.js";
import { testServices } from "../../../test/setup/test-services.js";
import { signPdfFile } from "../../pdf-files/sign-pdf-file.js";
import { PinIncorrectError } from "./pkcs11-errors.js";
import { parsePkcs11Uri } from "./pkcs11-uri.js";
import { listTokenCertificates } from "./token-certificates.js";

const { pki, softhsm } = testServices();
let scratch: string;
let nssDir: string;
let onePage: string;
const signers = pkcs11SignerTracker();
const open = signers.open;
const caught = caughtKysoError;

const idOf = (entity: string) => softhsm.objects.find((o) => o.entity === entity)!.idHex;
const uriFor = (entity: string) => parsePkcs11Uri(`pkcs11:token=${softhsm.tokenLabel};id=%${idOf(entity)}?module-path=${softhsm.modulePath}`);
const pin = () => new TextEncoder().encode(softhsm.userPin);



async function expectAcceptedByPdfsigAndOpenssl(file: string, signerName: string): Promise<void> {
  const [signature] = await pdfsig(file, nssDir);
  expect(signature?.valid, signature?.raw).toBe(true);
  expect(signature?.signerName).toBe(signerName);
  // The test token holds no CA certificates, so the CMS carries none: openssl gets the
  // issuing CA with the root (its -certfile only supplies signer certificates).
  const [cms] = await opensslVerifyEachSignature({ pdfFile: file, scratchDir: scratch, rootPemFile: pki.chainPemFile, chainPemFile: pki.chainPemFile });
  expect(cms?.ok, cms?.output).toBe(true);
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-pkcs11-"));
  nssDir = await createNssTrustStore(join(scratch, "nss"), pki.rootCa.certPemFile);
  const document = await PDFDocument.create();
  document.addPage();
  onePage = join(scratch, "mot-trang.pdf");
  await writeFile(onePage, await document.save());
});

afterEach(async () => {
  await signers.closeAll();
});

describe("signing with a SoftHSM2 token through PKCS#11", () => {
  it.each([
    { name: "RSA-2048, PKCS#1 v1.5", entity: "signerRsa2048", algorithm: {}, scheme: "rsa-pkcs1-v1_5" },
    { name: "RSA-3072, RSASSA-PSS", entity: "signerRsa3072", algorithm: { scheme: "rsa-pss" as const }, scheme: "rsa-pss" },
    { name: "ECDSA P-256", entity: "signerEcdsaP256", algorithm: {}, scheme: "ecdsa" },
  ] as const)("signs a PDF with $name that pdfsig and openssl cms accept", async ({ entity, algorithm, scheme }) => {
    const signer = await open({ uri: uriFor(entity), pin: pin(), algorithm });
    expect(signer.algorithm.scheme).toBe(scheme);
    if (signer.algorithm.scheme === "rsa-pss") expect(signer.algorithm.saltLength).toBe(32);
    const output = join(scratch, `${entity}.pdf`);
    await signPdfFile({ inputPath: onePage, outputPath: output, signer, signingTime: new Date() });
    await expectAcceptedByPdfsigAndOpenssl(output, pki.entities[entity].commonName);
  });

  it("signs a batch of 100 one-page documents with exactly one C_Login", async () => {
    const signer = await open({ uri: uriFor("signerRsa2048"), pin: pin() });
    const before = await signer.stats();
    const outputs: string[] = [];
    for (let n = 0; n < 100; n += 1) {
      const output = join(scratch, `batch-${n}.pdf`);
      await signPdfFile({ inputPath: onePage, outputPath: output, signer, signingTime: new Date() });
      outputs.push(output);
    }
    const after = await signer.stats();
    expect(after.signCalls - before.signCalls).toBe(100);
    // The module's worker started with this signer: its one C_Login came before `before`.
    expect(before.loginCalls).toBe(1);
    expect(after.loginCalls).toBe(1);
    await expectAcceptedByPdfsigAndOpenssl(outputs[0]!, "Nguyễn Văn An");
    await expectAcceptedByPdfsigAndOpenssl(outputs[99]!, "Nguyễn Văn An");
  });

  it("moves the PIN bytes to the token's worker, keeping no copy on the event loop", async () => {
    const bytes = pin();
    await open({ uri: uriFor("signerRsa2048"), pin: bytes });
    // The buffer was moved (transferred) to the token's worker, which zeroed it after C_Login.
    expect(bytes.byteLength).toBe(0);
  });

  it("answers a wrong PIN with PIN_INCORRECT and what SoftHSM's CKF_USER_PIN_COUNT_LOW says about retries", async () => {
    const error = await caught(open({ uri: uriFor("signerRsa2048"), pin: new TextEncoder().encode("000000") }));
    expect(error.code).toBe("PIN_INCORRECT");
    expect(error).toBeInstanceOf(PinIncorrectError);
    expect((error as PinIncorrectError).retries).toBe("count-low");
    expect(error.message).not.toContain("000000");
  });

  it("answers a token that needs a PIN, given none and having no PIN pad, with PIN_REQUIRED", async () => {
    expect((await caught(open({ uri: uriFor("signerRsa2048") }))).code).toBe("PIN_REQUIRED");
  });

  it("answers a URI that selects no certificate with KEY_NOT_FOUND and one selecting several with CLI_USAGE", async () => {
    const missing = parsePkcs11Uri(`pkcs11:token=${softhsm.tokenLabel};id=%7F?module-path=${softhsm.modulePath}`);
    expect((await caught(open({ uri: missing, pin: pin() }))).code).toBe("KEY_NOT_FOUND");
    const noToken = parsePkcs11Uri(`pkcs11:token=khong-co;id=%01?module-path=${softhsm.modulePath}`);
    expect((await caught(open({ uri: noToken, pin: pin() }))).code).toBe("KEY_NOT_FOUND");
    const everything = parsePkcs11Uri(`pkcs11:token=${softhsm.tokenLabel}?module-path=${softhsm.modulePath}`);
    const error = await caught(open({ uri: everything, pin: pin() }));
    expect(error.code).toBe("CLI_USAGE");
    expect(error.message).toMatch(/selects 6 certificates/);
  });

  it("selects by object label as well as by id", async () => {
    const byLabel = parsePkcs11Uri(`pkcs11:object=${encodeURIComponent(pki.entities.signerRsa3072.commonName)};type=cert?module-path=${softhsm.modulePath}`);
    const signer = await open({ uri: byLabel, pin: pin() });
    expect(Buffer.from(signer.certificateDer).equals(Buffer.from(await import("node:fs/promises").then((fs) => fs.readFile(pki.entities.signerRsa3072.certDerFile))))).toBe(true);
  });

  it("lists the token's certificates while a batch holds its login, through the module's one worker", async () => {
    const signer = await open({ uri: uriFor("signerRsa2048"), pin: pin() });
    const certificates = await listTokenCertificates(softhsm.modulePath);
    expect(certificates).toHaveLength(softhsm.objects.length);
    expect((await signer.stats()).loginCalls).toBe(1);
    await signer.sign(new Uint8Array([1]));
  });

  it("answers a module that cannot be loaded with PKCS11_MODULE_UNAVAILABLE", async () => {
    const error = await caught(open({ uri: parsePkcs11Uri("pkcs11:id=%01?module-path=/nonexistent/libvendor.so"), pin: pin() }));
    expect(error.code).toBe("PKCS11_MODULE_UNAVAILABLE");
  });
});
