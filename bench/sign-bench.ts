/**
 * Signing benchmark (issue "PDF signing engine"): kyso sign against the floor (sha256sum + cp
 * of the same file: reading and writing every byte once) and poppler's pdfsig -add-signature,
 * on generated 1 MB, 10 MB and 100 MB files, same machine, same run, medians.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { generateTestPki, PKCS12_PASSWORD } from "../test/pki/test-pki.js";
import { writeLargePdf } from "./large-pdf.js";
import { measure, median, type Measurement } from "./measure-command.js";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "..");

export interface SignBenchRow {
  sizeMB: number;
  tool: string;
  wallSeconds: number;
  peakRssMiB: number;
  /** Absent when the floor is too short for GNU time (10 ms resolution) to give a ratio. */
  ratioToFloor?: number;
}

/** GNU time reports wall time in hundredths of a second: below this a ratio means nothing. */
const SHORTEST_MEASURABLE_FLOOR_SECONDS = 0.02;

async function medianOf(runs: number, once: () => Promise<Measurement>): Promise<Measurement> {
  const results: Measurement[] = [];
  for (let i = 0; i < runs; i += 1) results.push(await once());
  return { wallSeconds: median(results.map((r) => r.wallSeconds)), peakRssMiB: median(results.map((r) => r.peakRssMiB)) };
}

export async function runSignBench(options: { sizesMB: number[]; runs: number }): Promise<SignBenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), "kyso-bench-sign-"));
  try {
    const pki = await generateTestPki(join(dir, "pki"), { repositoryBaseUrl: "http://127.0.0.1:9", ocspUrl: "http://127.0.0.1:9/ocsp" });
    const p12 = pki.entities.signerRsa2048.p12File;
    const nss = join(dir, "nss");
    await mkdir(nss);
    await run("certutil", ["-N", "-d", `sql:${nss}`, "--empty-password"]);
    await run("pk12util", ["-i", p12, "-d", `sql:${nss}`, "-W", PKCS12_PASSWORD, "-K", ""]);
    const nick = pki.entities.signerRsa2048.commonName;
    const kyso = `node ${join(root, "bin/kyso.mjs")}`;
    const rows: SignBenchRow[] = [];
    for (const sizeMB of options.sizesMB) {
      const input = join(dir, `in-${sizeMB}.pdf`);
      const output = join(dir, `out-${sizeMB}.pdf`);
      await writeLargePdf(input, sizeMB * 1_000_000);
      const clean = () => rm(output, { force: true });
      const tools: Array<[string, string]> = [
        ["floor (sha256sum + cp)", `sha256sum ${input} > /dev/null && cp ${input} ${output}`],
        ["kyso sign (B-B, RSA-2048 .p12)", `${kyso} sign ${input} -o ${output} --key ${p12} --pin-env KYSO_PIN`],
        ["pdfsig -add-signature (poppler 22.12, NSS)", `pdfsig -add-signature -nssdir sql:${nss} -nick '${nick}' ${input} ${output} > /dev/null`],
      ];
      const measured: Array<[string, Measurement]> = [];
      for (const [tool, command] of tools) {
        measured.push([tool, await medianOf(options.runs, () => measure(command, { env: { KYSO_PIN: PKCS12_PASSWORD }, before: clean }))]);
      }
      const floor = measured[0]![1].wallSeconds;
      for (const [tool, m] of measured) {
        rows.push({ sizeMB, tool, ...m, ...(floor >= SHORTEST_MEASURABLE_FLOOR_SECONDS ? { ratioToFloor: m.wallSeconds / floor } : {}) });
      }
      await rm(input, { force: true });
      await clean();
    }
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
