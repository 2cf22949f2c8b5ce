/**
 * Token batch benchmark (issue 4, "Key providers"): 100 one-page documents signed in one
 * batch through the SoftHSM2 key (RSA-2048, CKM_SHA256_RSA_PKCS), one C_Login. Two views:
 *
 * - in-process: loadPkcs11Signer + signPdfFile per document, as the sidecar host runs a
 *   confirmed batch; documents per second, and the share of the batch spent inside the token
 *   (C_SignInit + C_Sign, timed in the worker thread) and in the worker round trip;
 * - CLI: `node bin/kyso.mjs sign <100 files> --out-dir … --key pkcs11:…`, whole process
 *   (start-up, module load, login, 100 signatures, logout) — what a script pays;
 * - reference: the same batch in-process with the same RSA key from a .p12 file, to show
 *   what the PDF engine costs without any token.
 *
 * Target: ≥ 50 documents/s on this machine. Run: `npx tsx bench/pkcs11-batch-bench.ts [--runs N]`.
 * The first and last output of every run are checked with pdfsig.
 */
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { PDFDocument } from "pdf-lib";
import { loadPkcs11Signer } from "../sidecar/keys/pkcs11/pkcs11-signer.js";
import { parsePkcs11Uri } from "../sidecar/keys/pkcs11/pkcs11-uri.js";
import { loadPkcs12Signer } from "../sidecar/keys/pkcs12-signer.js";
import { signPdfFile } from "../sidecar/pdf-files/sign-pdf-file.js";
import { generateTestPki, PKCS12_PASSWORD } from "../test/pki/test-pki.js";
import { createSoftHsmToken } from "../test/services/softhsm-token.js";
import { median } from "./measure-command.js";
import { pdfsigProblem } from "./pdfsig-verdict.js";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "..");
export const PKCS11_BATCH_TARGET_DOCS_PER_SECOND = 50;

export interface Pkcs11BatchRow {
  view: "in-process" | "CLI" | "reference: same batch, PKCS#12 key";
  documents: number;
  seconds: number;
  documentsPerSecond: number;
  /** C_Login calls the batch made. */
  logins: number;
  /** Share of the batch inside C_SignInit + C_Sign (in-process view only). */
  tokenShare?: number;
  /** Share spent waiting for the worker thread's answer, token time included. */
  workerRoundTripShare?: number;
  /** Worker start, module load, login and key choice before the first document, seconds. */
  loginSeconds?: number;
  failure?: string;
}

interface Setup {
  uri: string;
  pin: string;
  p12File: string;
  inputs: string[];
  workDir: string;
}

async function prepare(options: { workDir: string; documents: number }): Promise<Setup> {
  const pki = await generateTestPki(join(options.workDir, "pki"), { repositoryBaseUrl: "http://127.0.0.1:9", ocspUrl: "http://127.0.0.1:9/ocsp" });
  const token = await createSoftHsmToken({ dir: join(options.workDir, "softhsm"), tokenLabel: "kyso-bench", userPin: "123456", soPin: "12345678", entities: [pki.entities.signerRsa2048] });
  // The module reads this at C_Initialize, in this process and in the CLI it starts.
  process.env.SOFTHSM2_CONF = token.configFile;
  const document = await PDFDocument.create();
  document.addPage();
  const template = join(options.workDir, "mot-trang.pdf");
  await writeFile(template, await document.save());
  const inputDir = join(options.workDir, "in");
  await mkdir(inputDir);
  const inputs = await Promise.all(Array.from({ length: options.documents }, async (_, n) => {
    const file = join(inputDir, `van-ban-${String(n + 1).padStart(3, "0")}.pdf`);
    await copyFile(template, file);
    return file;
  }));
  return { uri: `pkcs11:token=${token.tokenLabel};id=%01;type=cert?module-path=${token.modulePath}`, pin: token.userPin, p12File: pki.entities.signerRsa2048.p12File, inputs, workDir: options.workDir };
}

async function checkOutputs(outputs: string[]): Promise<string | undefined> {
  for (const output of [outputs[0]!, outputs.at(-1)!]) {
    const problem = await pdfsigProblem(output);
    if (problem !== undefined) return `${output}: ${problem}`;
  }
  return undefined;
}

async function inProcessRun(setup: Setup, outDir: string): Promise<Pkcs11BatchRow> {
  const started = performance.now();
  const signer = await loadPkcs11Signer({ uri: parsePkcs11Uri(setup.uri), pin: new TextEncoder().encode(setup.pin) });
  const loggedIn = performance.now();
  let roundTripMs = 0;
  const timed = { ...signer, sign: async (toBeSigned: Uint8Array) => {
    const before = performance.now();
    try {
      return await signer.sign(toBeSigned);
    } finally {
      roundTripMs += performance.now() - before;
    }
  } };
  const outputs: string[] = [];
  let logins: number;
  try {
    for (const input of setup.inputs) {
      const output = join(outDir, input.split("/").at(-1)!);
      await signPdfFile({ inputPath: input, outputPath: output, signer: timed, signingTime: new Date() });
      outputs.push(output);
    }
    // Counted by the module's worker thread, which close() stops.
    logins = (await signer.stats()).loginCalls;
  } finally {
    await signer.close();
  }
  const totalMs = performance.now() - started;
  return {
    view: "in-process", documents: outputs.length, seconds: totalMs / 1000, documentsPerSecond: outputs.length / (totalMs / 1000),
    logins, tokenShare: signer.tokenMs() / totalMs, workerRoundTripShare: roundTripMs / totalMs, loginSeconds: (loggedIn - started) / 1000,
    ...withFailure(await checkOutputs(outputs)),
  };
}

function withFailure(failure: string | undefined): { failure?: string } {
  return failure === undefined ? {} : { failure };
}

async function cliRun(setup: Setup, outDir: string): Promise<Pkcs11BatchRow> {
  const started = performance.now();
  const env = { PATH: process.env.PATH, SOFTHSM2_CONF: process.env.SOFTHSM2_CONF, KYSO_PIN: setup.pin };
  try {
    await run(process.execPath, [join(root, "bin/kyso.mjs"), "sign", ...setup.inputs, "--out-dir", outDir, "--key", setup.uri, "--pin-env", "KYSO_PIN", "--json"], { env, maxBuffer: 64 * 2 ** 20 });
  } catch (error) {
    return { view: "CLI", documents: 0, seconds: 0, documentsPerSecond: 0, logins: 0, failure: String(error) };
  }
  const seconds = (performance.now() - started) / 1000;
  const outputs = setup.inputs.map((input) => join(outDir, input.split("/").at(-1)!));
  return { view: "CLI", documents: outputs.length, seconds, documentsPerSecond: outputs.length / seconds, logins: 1, ...withFailure(await checkOutputs(outputs)) };
}

/** The same documents with the same RSA key from a .p12 file: what the engine costs without a token. */
async function referenceRun(setup: Setup, outDir: string): Promise<Pkcs11BatchRow> {
  const started = performance.now();
  const signer = await loadPkcs12Signer({ p12: new Uint8Array(await readFile(setup.p12File)), password: PKCS12_PASSWORD });
  const outputs: string[] = [];
  for (const input of setup.inputs) {
    const output = join(outDir, input.split("/").at(-1)!);
    await signPdfFile({ inputPath: input, outputPath: output, signer, signingTime: new Date() });
    outputs.push(output);
  }
  const seconds = (performance.now() - started) / 1000;
  return { view: "reference: same batch, PKCS#12 key", documents: outputs.length, seconds, documentsPerSecond: outputs.length / seconds, logins: 0, ...withFailure(await checkOutputs(outputs)) };
}

/** Runs both views `runs` times, interleaved, and keeps each view's median run (by wall time). */
export async function runPkcs11BatchBench(options: { documents?: number; runs?: number; progress?: (line: string) => void } = {}): Promise<Pkcs11BatchRow[]> {
  const documents = options.documents ?? 100;
  const workDir = await mkdtemp(join(tmpdir(), "kyso-bench-pkcs11-"));
  try {
    const setup = await prepare({ workDir, documents });
    const samples: Record<Pkcs11BatchRow["view"], Pkcs11BatchRow[]> = { "in-process": [], CLI: [], "reference: same batch, PKCS#12 key": [] };
    for (let n = 0; n < (options.runs ?? 3); n += 1) {
      for (const [view, once] of [["in-process", inProcessRun], ["CLI", cliRun], ["reference: same batch, PKCS#12 key", referenceRun]] as const) {
        const outDir = join(workDir, `out-${view.split(":")[0]!}-${n}`);
        await mkdir(outDir);
        const row = await once(setup, outDir);
        options.progress?.(`${view} run ${n + 1}: ${row.documentsPerSecond.toFixed(1)} documents/s${row.failure ? ` (${row.failure})` : ""}`);
        samples[view].push(row);
        await rm(outDir, { recursive: true, force: true });
      }
    }
    // The median of the runs that worked; a view that never worked shows its failure.
    return Object.values(samples).map((rows) => {
      const worked = rows.filter((r) => r.failure === undefined);
      if (worked.length === 0) return rows[0]!;
      const middle = median(worked.map((r) => r.seconds));
      return worked.find((r) => r.seconds === middle)!;
    });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

const percent = (share: number | undefined) => (share === undefined ? "—" : `${(share * 100).toFixed(0)} %`);

export function pkcs11BatchReport(rows: Pkcs11BatchRow[]): string {
  const lines = [
    "| view | documents | wall (s) | documents/s | after login: documents/s | C_Login | in the token | worker round trip | login (s) | target ≥ 50/s |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ...rows.map((r) => `| ${r.view} | ${r.documents} | ${r.seconds.toFixed(2)} | ${r.documentsPerSecond.toFixed(1)} | ${r.loginSeconds === undefined ? "—" : (r.documents / (r.seconds - r.loginSeconds)).toFixed(1)} | ${r.view.startsWith("reference") ? "—" : r.logins} | ${percent(r.tokenShare)} | ${percent(r.workerRoundTripShare)} | ${r.loginSeconds?.toFixed(3) ?? "—"} | ${r.failure ? `failed: ${r.failure}` : r.documentsPerSecond >= PKCS11_BATCH_TARGET_DOCS_PER_SECOND ? "met" : "missed"} |`),
  ];
  return lines.join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const runsIndex = process.argv.indexOf("--runs");
  const runs = runsIndex > 0 ? Number(process.argv[runsIndex + 1]) : 3;
  const rows = await runPkcs11BatchBench({ runs, progress: (line) => process.stderr.write(`${line}\n`) });
  console.log(pkcs11BatchReport(rows));
}
