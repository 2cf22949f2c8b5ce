/**
 * Verification benchmark (issue 5): `kyso verify` against poppler's `pdfsig` on the same
 * signed files in the same run — 1, 10 and 100 MB with one signature, 10 MB with 10, and
 * 100 MB with 5 and 20 — with `sha256sum` (every byte read once) as the floor. kyso hashes all
 * signatures in one pass over the file; pdfsig hashes each revision separately.
 *
 * Both run offline (kyso --offline, pdfsig -no-ocsp) with the test root trusted, so that the
 * work compared is the same: ByteRange digests, CMS, certificate path. Runs are interleaved
 * (floor, kyso, pdfsig, again) so a load spike falls on every tool alike. The first run's
 * verdicts are checked: every signature intact and cryptographically valid for kyso (offline,
 * B-B signatures are INDETERMINATE/TRY_LATER: no revocation data), "Signature is Valid." for pdfsig.
 *
 * `npx tsx bench/verify-bench.ts [--quick]` runs it alone and prints its section of RESULTS.md.
 */
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { generateTestPki, PKCS12_PASSWORD } from "../test/pki/test-pki.js";
import { writeLargePdf } from "./large-pdf.js";
import { measure, median, type Measurement } from "./measure-command.js";
import { popplerVersion } from "./sign-tools.js";
import { verifyBenchReport } from "./verify-bench-report.js";

const run = promisify(execFile);
const kysoCli = resolve(import.meta.dirname, "../bin/kyso.mjs");

export interface VerifyCase {
  sizeMB: number;
  signatures: number;
}

export interface VerifyBenchRow extends VerifyCase {
  tool: string;
  role: "floor" | "kyso" | "peer";
  wallSeconds: number;
  peakRssMiB: number;
  /** What the tool concluded on the first run, e.g. "5/5 intact and valid". */
  verdict: string;
  /** Set when the tool crashed or its verdict was not the expected one. */
  failure?: string;
}

export const VERIFY_CASES: VerifyCase[] = [
  { sizeMB: 1, signatures: 1 }, { sizeMB: 10, signatures: 1 }, { sizeMB: 100, signatures: 1 },
  { sizeMB: 10, signatures: 10 }, { sizeMB: 100, signatures: 5 }, { sizeMB: 100, signatures: 20 },
];
export const QUICK_VERIFY_CASES: VerifyCase[] = [{ sizeMB: 1, signatures: 1 }, { sizeMB: 10, signatures: 1 }, { sizeMB: 10, signatures: 5 }];

interface Tool {
  name: string;
  role: VerifyBenchRow["role"];
  command: (pdf: string, output: string) => string;
  /** Reads the first run's output; a string saying what is wrong, or the verdict. */
  verdict: (output: string, signatures: number) => Promise<{ verdict: string; problem?: string }>;
}

async function kysoVerdict(output: string, signatures: number): Promise<{ verdict: string; problem?: string }> {
  type Report = { indication: string; signatures: Array<{ integrity: { intact: boolean }; cryptography: { valid: boolean } }> };
  const report = JSON.parse(await readFile(output, "utf8")) as Report;
  const good = report.signatures.filter((s) => s.integrity.intact && s.cryptography.valid).length;
  const verdict = `${good}/${report.signatures.length} intact and valid (${report.indication})`;
  return good === signatures && report.signatures.length === signatures ? { verdict } : { verdict, problem: `kyso: ${verdict}` };
}

async function pdfsigVerdict(output: string, signatures: number): Promise<{ verdict: string; problem?: string }> {
  const verdicts = [...(await readFile(output, "utf8")).matchAll(/Signature Validation: (.*)/g)].map((m) => m[1]!.trim());
  const valid = verdicts.filter((v) => v === "Signature is Valid.").length;
  const verdict = `${valid}/${verdicts.length} valid`;
  return valid === signatures && verdicts.length === signatures ? { verdict } : { verdict, problem: `pdfsig: ${verdict}` };
}

/** Signs `input` `count` times with kyso sign (each signature its own incremental update) into `output`. */
async function signRepeatedly(options: { input: string; output: string; count: number; p12: string; dir: string }): Promise<void> {
  let current = options.input;
  for (let i = 0; i < options.count; i += 1) {
    const next = join(options.dir, `signing-${i % 2}.pdf`);
    await rm(next, { force: true });
    await run("node", [kysoCli, "sign", current, "-o", next, "--key", options.p12, "--pin-env", "KYSO_PIN"], { env: { ...process.env, KYSO_PIN: PKCS12_PASSWORD } });
    if (current !== options.input) await rm(current, { force: true });
    current = next;
  }
  await copyFile(current, options.output);
  await rm(current, { force: true });
}

export async function runVerifyBench(options: { cases: VerifyCase[]; runs: number; progress?: (line: string) => void }): Promise<VerifyBenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), "kyso-bench-verify-"));
  try {
    const pki = await generateTestPki(join(dir, "pki"), { repositoryBaseUrl: "http://127.0.0.1:9", ocspUrl: "http://127.0.0.1:9/ocsp" });
    const nss = join(dir, "nss");
    await mkdir(nss);
    await run("certutil", ["-N", "-d", `sql:${nss}`, "--empty-password"]);
    await run("certutil", ["-A", "-n", "kyso bench root", "-t", "CT,C,C", "-i", pki.rootCa.certPemFile, "-d", `sql:${nss}`]);
    const tools: Tool[] = [
      { name: "floor (sha256sum)", role: "floor", command: (pdf) => `sha256sum ${pdf} > /dev/null`, verdict: () => Promise.resolve({ verdict: "—" }) },
      // Exit 2 is INDETERMINATE (offline: no revocation data for B-B): a verdict, not a failure.
      { name: "kyso verify --offline", role: "kyso", command: (pdf, output) => `node ${kysoCli} verify ${pdf} --trust ${pki.rootCa.certPemFile} --offline --json > ${output}; [ $? -le 2 ]`, verdict: kysoVerdict },
      { name: `pdfsig -no-ocsp (poppler ${await popplerVersion()}, NSS)`, role: "peer", command: (pdf, output) => `pdfsig -no-ocsp -nssdir sql:${nss} ${pdf} > ${output}`, verdict: pdfsigVerdict },
    ];
    const rows: VerifyBenchRow[] = [];
    for (const testCase of options.cases) {
      const unsigned = join(dir, `in-${testCase.sizeMB}.pdf`);
      const signed = join(dir, `signed-${testCase.sizeMB}-${testCase.signatures}.pdf`);
      await writeLargePdf(unsigned, testCase.sizeMB * 1_000_000);
      await signRepeatedly({ input: unsigned, output: signed, count: testCase.signatures, p12: pki.entities.signerRsa2048.p12File, dir });
      await rm(unsigned, { force: true });
      const samples = tools.map(() => [] as Measurement[]);
      const verdicts: Array<{ verdict: string; problem?: string }> = tools.map(() => ({ verdict: "—" }));
      for (let round = 0; round < options.runs; round += 1) {
        for (const [index, tool] of tools.entries()) {
          const output = join(dir, "verdict.txt");
          const measured = await measure(tool.command(signed, output));
          samples[index]!.push(measured);
          if (round === 0) verdicts[index] = measured.failure ? { verdict: "failed", problem: measured.failure } : await tool.verdict(output, testCase.signatures);
          options.progress?.(`${testCase.sizeMB} MB × ${testCase.signatures} signature(s), run ${round + 1}/${options.runs}: ${tool.name} ${measured.wallSeconds.toFixed(2)} s`);
        }
      }
      tools.forEach((tool, index) => {
        const { verdict, problem } = verdicts[index]!;
        rows.push({
          ...testCase, tool: tool.name, role: tool.role, verdict,
          wallSeconds: median(samples[index]!.map((s) => s.wallSeconds)),
          peakRssMiB: median(samples[index]!.map((s) => s.peakRssMiB)),
          ...(problem === undefined ? {} : { failure: problem }),
        });
      });
      await rm(signed, { force: true });
    }
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes("--quick");
  const rows = await runVerifyBench({ cases: quick ? QUICK_VERIFY_CASES : VERIFY_CASES, runs: quick ? 1 : 5, progress: (line) => process.stderr.write(`${line}\n`) });
  console.log(verifyBenchReport(rows));
}
