import { execFile } from "node:child_process";
import { verify, X509Certificate } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { PDFDocument } from "pdf-lib";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { caughtKysoError, pkcs11SignerTracker } from "../../../test/services/pkcs11-signers.js";
import { createSoftHsmToken, type SoftHsmToken } from "../../../test/services/softhsm-token.js";
import { testServices } from "../../../test/setup/test-services.js";
import { signPdfFile } from "../../pdf-files/sign-pdf-file.js";
import { parsePkcs11Uri } from "./pkcs11-uri.js";
import { watchTokens, type TokenEvent } from "./token-watch.js";

/**
 * Tests that change a token — two keys under one CKA_ID, a token added or deleted while
 * watched, a token directory taken away mid-batch — on a SoftHSM2 token of this file's own
 * (SOFTHSM2_CONF points this test process at it), never on the shared test token.
 */

const run = promisify(execFile);
const { pki } = testServices();
const signers = pkcs11SignerTracker();
let scratch: string;
let token: SoftHsmToken;
let tokenDir: string;
let onePage: string;

const env = () => ({ ...process.env, SOFTHSM2_CONF: token.configFile });
const pin = () => new TextEncoder().encode(token.userPin);
const uri = (path: string) => parsePkcs11Uri(`pkcs11:token=${token.tokenLabel};${path}?module-path=${token.modulePath}`);

async function importKey(options: { keyPemFile: string; idHex: string; label: string }): Promise<void> {
  await run("softhsm2-util", ["--import", options.keyPemFile, "--token", token.tokenLabel, "--label", options.label, "--id", options.idHex, "--pin", token.userPin, "--force"], { env: env() });
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-pkcs11-private-"));
  const e = pki.entities;
  // IDs 01 (organisation seal, RSA-2048) and 02 (Lê Văn Cường, P-256).
  token = await createSoftHsmToken({ dir: join(scratch, "softhsm"), tokenLabel: "kyso-private", userPin: "246810", soPin: "13579135", entities: [e.organisationSeal, e.signerEcdsaP256] });
  tokenDir = join(scratch, "softhsm", "tokens");
  // A second key under each ID: Nguyễn Văn An's RSA key and certificate under 01, another P-256 key under 02.
  await importKey({ keyPemFile: e.signerRsa2048.keyPemFile, idHex: "01", label: "an-key" });
  await run("pkcs11-tool", ["--module", token.modulePath, "--token-label", token.tokenLabel, "--login", "--pin", token.userPin,
    "--write-object", e.signerRsa2048.certDerFile, "--type", "cert", "--id", "01", "--label", "an-cert"], { env: env() });
  await importKey({ keyPemFile: e.tlsServer.keyPemFile, idHex: "02", label: "other-p256" });
  // Before this process loads the module (the worker reads it at C_Initialize).
  process.env.SOFTHSM2_CONF = token.configFile;
  const document = await PDFDocument.create();
  document.addPage();
  onePage = join(scratch, "mot-trang.pdf");
  await writeFile(onePage, await document.save());
});

afterEach(() => signers.closeAll());

describe("choosing the private key when a token has two keys under one CKA_ID", () => {
  it.each([
    { name: "two RSA keys: the one with the certificate's modulus", path: "object=an-cert;type=cert", commonName: "Nguyễn Văn An" },
    { name: "the first RSA key's own certificate", path: `object=${encodeURIComponent(pki.entities.organisationSeal.commonName)};type=cert`, commonName: pki.entities.organisationSeal.commonName },
    { name: "two P-256 keys: the one whose test signature the certificate verifies", path: "id=%02;type=cert", commonName: "Lê Văn Cường" },
  ])("signs with $name", async ({ path, commonName }) => {
    const signer = await signers.open({ uri: uri(path), pin: pin() });
    const certificate = new X509Certificate(signer.certificateDer);
    expect(certificate.subject).toContain(`CN=${commonName}`);
    for (let n = 0; n < 3; n += 1) {
      const toBeSigned = new TextEncoder().encode(`văn bản ${n}`);
      expect(verify(signer.algorithm.hash.replace("-", "").toLowerCase(), toBeSigned, certificate.publicKey, await signer.sign(toBeSigned))).toBe(true);
    }
  });
});

describe("watching the module's slots", () => {
  it("notices a token initialised while watching, and its deletion, by polling C_GetSlotList", async () => {
    const events: TokenEvent[] = [];
    const watch = await watchTokens({ modulePath: token.modulePath, intervalMs: 100, onEvent: (event) => events.push(event) });
    try {
      expect(watch.current().map((t) => t.label)).toContain(token.tokenLabel);
      const waitFor = async (predicate: () => boolean) => {
        for (let waited = 0; !predicate() && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
        expect(predicate()).toBe(true);
      };
      await run("softhsm2-util", ["--init-token", "--free", "--label", "the-moi", "--so-pin", token.soPin, "--pin", token.userPin], { env: env() });
      await waitFor(() => events.some((e) => e.kind === "inserted" && e.token.label === "the-moi"));
      await run("softhsm2-util", ["--delete-token", "--token", "the-moi"], { env: env() });
      await waitFor(() => events.some((e) => e.kind === "removed" && e.token.label === "the-moi"));
      expect(events.filter((e) => e.token.label === token.tokenLabel)).toEqual([]);
    } finally {
      await watch.stop();
    }
  });
});

describe("a token removed in the middle of a batch", () => {
  it("stops the batch with TOKEN_REMOVED and writes no output, whole or half, for the rest", async () => {
    const signer = await signers.open({ uri: uri("id=%02;type=cert"), pin: pin() });
    const outDir = join(scratch, "removal-out");
    await run("mkdir", ["-p", outDir]);
    const sign = (n: number) => signPdfFile({ inputPath: onePage, outputPath: join(outDir, `van-ban-${n}.pdf`), signer, signingTime: new Date() });
    await sign(1);
    await sign(2);
    // "Pull the token out": SoftHSM then fails C_GetTokenInfo for it.
    const [tokenUuid] = await readdir(tokenDir);
    await rename(join(tokenDir, tokenUuid!), join(scratch, "pulled-out"));
    expect((await caughtKysoError(sign(3))).code).toBe("TOKEN_REMOVED");
    expect((await caughtKysoError(sign(4))).code).toBe("TOKEN_REMOVED");
    expect(existsSync(join(outDir, "van-ban-3.pdf"))).toBe(false);
    expect((await readdir(outDir)).sort()).toEqual(["van-ban-1.pdf", "van-ban-2.pdf"]);
  });
});
