import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KysoError } from "../../../shared/protocol/kyso-error.js";
import { opensslVerifyEachSignature } from "../../../test/pdf-checkers/cms-over-byterange.js";
import { createNssTrustStore, pdfsig } from "../../../test/pdf-checkers/pdfsig.js";
import { startMsspSimulator, type MsspSimulator, type PhoneOutcome } from "../../../test/services/mssp-simulator.js";
import { testServices } from "../../../test/setup/test-services.js";
import { signPdfFile } from "../../pdf-files/sign-pdf-file.js";
import type { KeyEvent, OpenKeyOptions } from "../key-source.js";
import { mssConfigFromEnv } from "./mss-config.js";
import { digestInfoDer } from "./mss-signature-value.js";
import { runMssTransaction } from "./mss-transaction.js";
import { mssKeySource, openMssKey } from "./mss-key-source.js";

/** PKI SIM signing (ETSI TS 102 204) against the loopback MSSP, the test playing the user's phone. */

const { pki } = testServices();
const MSISDN = "+84912345678";
const UNKNOWN_TO_MSSP = "+84987654321";
const AP = { id: "http://kyso.test/ap", password: "ap-secret-<&>" };
let scratch: string;
let nssDir: string;
let input: string;
let simulator: MsspSimulator;
let faultlessSimulator: MsspSimulator;
let outputCount = 0;

function envFor(sim: MsspSimulator, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    KYSO_MSS_URL: sim.signatureUrl,
    KYSO_MSS_AP_ID: AP.id,
    KYSO_MSS_AP_PASSWORD: AP.password,
    KYSO_MSS_CERTIFICATE_DIR: join(scratch, "certificates"),
    KYSO_MSS_POLL_INTERVAL_MS: "100",
    ...extra,
  };
}

async function subscriberPem(): Promise<string> {
  const entity = pki.entities.signerRsa2048;
  return `${await readFile(entity.certPemFile, "utf8")}${await readFile(pki.chainPemFile, "utf8")}`;
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-mss-"));
  nssDir = await createNssTrustStore(join(scratch, "nss"), pki.rootCa.certPemFile);
  await mkdir(join(scratch, "certificates"));
  await writeFile(join(scratch, "certificates", `${MSISDN}.pem`), await subscriberPem());
  await writeFile(join(scratch, "certificates", `${UNKNOWN_TO_MSSP}.pem`), await subscriberPem());
  const subscribers = [{ msisdn: MSISDN, keyPemFile: pki.entities.signerRsa2048.keyPemFile, certPemFile: pki.entities.signerRsa2048.certPemFile }];
  simulator = await startMsspSimulator({ apId: AP.id, apPassword: AP.password, subscribers });
  faultlessSimulator = await startMsspSimulator({ apId: AP.id, apPassword: AP.password, subscribers, statusInsteadOfFault: true, cmsSignedAttributes: true });
  const document = await PDFDocument.create();
  document.addPage();
  input = join(scratch, "to-trinh.pdf");
  await writeFile(input, await document.save());
});

afterAll(async () => {
  await simulator.close();
  await faultlessSimulator.close();
});

interface SigningRun {
  output: string;
  events: KeyEvent[];
  result: Promise<unknown>;
}

/** Starts signing the test PDF through the MSS key source; the caller answers on the phone. */
function startSigning(options: { env: NodeJS.ProcessEnv; signal?: AbortSignal; certificateId?: string; documentName?: string }): SigningRun {
  outputCount += 1;
  const output = join(scratch, "out", `signed-${outputCount}.pdf`);
  const events: KeyEvent[] = [];
  const result = (async () => {
    await mkdir(join(scratch, "out"), { recursive: true });
    const openOptions: OpenKeyOptions = {
      count: 1, env: options.env, onEvent: (event) => events.push(event),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.documentName === undefined ? {} : { documentNames: [options.documentName], toBeSigned: [] }),
    };
    const key = await openMssKey(options.certificateId ?? `mss:${MSISDN}`, openOptions);
    try {
      return await signPdfFile({
        inputPath: input, outputPath: output, signingTime: new Date(),
        // As sign.digest does, name the SignedAttributes DER before it is signed (the host knows them all up front).
        signer: { ...key, sign: (bytes) => { openOptions.toBeSigned?.push(bytes); return key.sign(bytes); } },
      });
    } finally {
      await key.close();
    }
  })();
  result.catch(() => undefined);
  return { output, events, result };
}

async function codeOf(run: Promise<unknown>): Promise<string> {
  const error = (await run.then(() => undefined, (e: unknown) => e)) as KysoError | undefined;
  return error?.code ?? "no error";
}

async function answerNextPrompt(sim: MsspSimulator, outcome: PhoneOutcome) {
  const prompt = await sim.nextPrompt();
  prompt.answer(outcome);
  return prompt;
}

/** No output and no temporary file beside it. */
async function expectNoOutput(run: SigningRun): Promise<void> {
  expect(existsSync(run.output)).toBe(false);
  expect((await readdir(join(scratch, "out"))).filter((name) => name.startsWith(`signed-${outputCount}`))).toEqual([]);
}

describe("PKI SIM key source (ETSI TS 102 204 MSSP on loopback)", () => {
  it("signs a PDF once the phone approves: pdfsig and openssl cms -verify accept it", async () => {
    const run = startSigning({ env: envFor(simulator), documentName: "Tờ trình 12/TTr-UBND.pdf" });
    const prompt = await answerNextPrompt(simulator, "approve");
    await run.result;
    const [signature] = await pdfsig(run.output, nssDir);
    expect(signature?.valid, signature?.raw).toBe(true);
    expect(signature?.signerName).toBe("Nguyễn Văn An");
    const verified = await opensslVerifyEachSignature({ pdfFile: run.output, scratchDir: scratch, rootPemFile: pki.rootCa.certPemFile, chainPemFile: pki.chainPemFile });
    expect(verified.map((v) => v.ok), verified[0]?.output).toEqual([true]);
    expect(prompt.msisdn).toBe(MSISDN);
    expect(prompt.dataToBeSignedType).toEqual({ mimeType: "application/octet-stream", encoding: "base64" });
    expect(prompt.formatUri).toBe("http://uri.etsi.org/TS102204/v1.1.2#PKCS1");
  });

  it("shows the document's name and the same transaction code on the phone and in the awaiting-approval event", async () => {
    const run = startSigning({ env: envFor(simulator), documentName: "Quyết định 45/QĐ-UBND.pdf" });
    const prompt = await answerNextPrompt(simulator, "approve");
    await run.result;
    const awaiting = run.events.find((e) => e.kind === "awaiting-approval");
    expect(awaiting).toMatchObject({ provider: "mss" });
    const code = awaiting?.kind === "awaiting-approval" ? awaiting.code : undefined;
    expect(code).toMatch(/^[A-Z2-9]{4}$/);
    expect(prompt.dataToBeDisplayed).toBe(`Ký số "Quyết định 45/QĐ-UBND.pdf". Mã giao dịch: ${code!}`);
    expect(run.events.map((e) => e.kind)).toEqual(["awaiting-approval", "approved"]);
  });

  it("sends the DER DigestInfo of the SignedAttributes' SHA-256 as DataToBeSigned", async () => {
    let signedAttributes: Uint8Array | undefined;
    const key = await openMssKey(`mss:${MSISDN}`, { count: 1, env: envFor(simulator) });
    const signing = key.sign((signedAttributes = new TextEncoder().encode("signed attributes stand-in")));
    const prompt = await answerNextPrompt(simulator, "approve");
    await signing;
    expect(Buffer.from(prompt.dataToBeSigned).toString("hex")).toBe(Buffer.from(digestInfoDer("SHA-256", signedAttributes)).toString("hex"));
    expect(Buffer.from(prompt.dataToBeSigned).toString("hex")).toMatch(/^3031300d060960864801650304020105000420/);
  });

  it.each([
    ["cancel", "fault", "REMOTE_SIGNING_REJECTED"],
    ["cancel", "status", "REMOTE_SIGNING_REJECTED"],
    ["expire", "fault", "REMOTE_SIGNING_EXPIRED"],
    ["expire", "status", "REMOTE_SIGNING_EXPIRED"],
    ["pin-blocked", "fault", "PIN_LOCKED"],
    ["pin-blocked", "status", "PIN_LOCKED"],
  ] as const)("answers %s on the phone (reported by the MSSP as a %s) with %s, writing no file", async (outcome, style, code) => {
    const sim = style === "fault" ? simulator : faultlessSimulator;
    const run = startSigning({ env: envFor(sim) });
    await answerNextPrompt(sim, outcome);
    expect(await codeOf(run.result)).toBe(code);
    await expectNoOutput(run);
  });

  it("stops with CANCELLED at once when the caller aborts while the phone is pending", async () => {
    const controller = new AbortController();
    const run = startSigning({ env: envFor(simulator), signal: controller.signal });
    await simulator.nextPrompt();
    const before = simulator.statusQueries();
    const abortedAt = Date.now();
    controller.abort();
    expect(await codeOf(run.result)).toBe("CANCELLED");
    expect(Date.now() - abortedAt).toBeLessThan(500);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(simulator.statusQueries() - before).toBeLessThanOrEqual(1);
    await expectNoOutput(run);
  });

  it("gives up with TIMEOUT when the MSSP never reports an outcome after the TimeOut it was given", async () => {
    // The transaction itself, with a TimeOut below the 10 s a configuration may set, so the test takes seconds.
    const config = { ...mssConfigFromEnv(envFor(simulator)), timeoutSeconds: 1 };
    const started = Date.now();
    const signing = runMssTransaction({ config, msisdn: MSISDN, dataToBeSigned: new Uint8Array(51), dataToBeDisplayed: "Ký số", code: "ABCD" });
    signing.catch(() => undefined);
    const prompt = await simulator.nextPrompt();
    expect(prompt.timeoutSeconds).toBe(1);
    expect(await codeOf(signing)).toBe("TIMEOUT");
    // TimeOut plus five more polls for the MSSP to say EXPIRED_TRANSACTION itself.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000 + 5 * config.pollIntervalMs);
  });

  it("maps the AP's refused password to REMOTE_SIGNING_UNAUTHORIZED and an unknown subscriber to REMOTE_SIGNING_ACCOUNT_UNKNOWN", async () => {
    expect(await codeOf(startSigning({ env: envFor(simulator, { KYSO_MSS_AP_PASSWORD: "wrong" }) }).result)).toBe("REMOTE_SIGNING_UNAUTHORIZED");
    expect(await codeOf(startSigning({ env: envFor(simulator), certificateId: `mss:${UNKNOWN_TO_MSSP}` }).result)).toBe("REMOTE_SIGNING_ACCOUNT_UNKNOWN");
  });

  it("refuses RSASSA-PSS and ECDSA: the SIM's PKCS#1 format is RSA PKCS#1 v1.5", async () => {
    for (const scheme of ["rsa-pss", "ecdsa"] as const) {
      expect(await codeOf(openMssKey(`mss:${MSISDN}`, { count: 1, env: envFor(simulator), algorithm: { scheme } }))).toBe("KEY_UNSUPPORTED");
    }
  });

  it("reports REMOTE_SERVICE_UNREACHABLE when nothing listens at the MSSP's address", async () => {
    const env = envFor(simulator, { KYSO_MSS_URL: "http://127.0.0.1:9/soap/services/MSS_SignaturePort" });
    expect(await codeOf(startSigning({ env }).result)).toBe("REMOTE_SERVICE_UNREACHABLE");
  });

  it("with MSS_Format #PKCS7 sends the SignedAttributes DER and takes the signature out of the MSSP's SignedData", async () => {
    const env = envFor(simulator, { KYSO_MSS_FORMAT: "http://uri.etsi.org/TS102204/v1.1.2#PKCS7" });
    const run = startSigning({ env });
    const prompt = await answerNextPrompt(simulator, "approve");
    await run.result;
    expect(prompt.dataToBeSigned[0]).toBe(0x31); // the SET OF attributes itself (RFC 5652 §5.4), not a DigestInfo
    expect((await pdfsig(run.output, nssDir))[0]?.valid).toBe(true);
  });

  it("refuses a #PKCS7 answer whose SignedData covers the MSSP's own signed attributes", async () => {
    const run = startSigning({ env: envFor(faultlessSimulator, { KYSO_MSS_FORMAT: "http://uri.etsi.org/TS102204/v1.1.2#PKCS7" }) });
    await answerNextPrompt(faultlessSimulator, "approve");
    await expect(run.result).rejects.toMatchObject({ code: "REMOTE_SIGNING_FAILED", message: expect.stringMatching(/MSSP's own signed attributes/) as unknown });
    await expectNoOutput(run);
  });

  it("speaks SOAP 1.1 when configured to", async () => {
    const run = startSigning({ env: envFor(simulator, { KYSO_MSS_SOAP_VERSION: "1.1" }) });
    await answerNextPrompt(simulator, "approve");
    await run.result;
    expect(simulator.requests.at(-1)).toContain("http://schemas.xmlsoap.org/soap/envelope/");
    expect((await pdfsig(run.output, nssDir))[0]?.valid).toBe(true);
  });

  it("lists the configured subscribers' certificates under mss: ids", async () => {
    const listing = await mssKeySource.list({ env: envFor(simulator) });
    expect(listing.unavailable).toEqual([]);
    expect(listing.certificates.map((c) => [c.provider, c.certificateId, c.keySizeBits])).toEqual([
      ["mss", `mss:${MSISDN}`, 2048],
      ["mss", `mss:${UNKNOWN_TO_MSSP}`, 2048],
    ]);
    expect(listing.certificates[0]?.subject).toContain("CN=Nguyễn Văn An");
    expect(await mssKeySource.list({ env: {} })).toEqual({ certificates: [], unavailable: [] });
  });
});
