import { mkdir, mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CmsSigner } from "../../shared/cms/cms-signer.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import { createNssTrustStore, pdfsig } from "../../test/pdf-checkers/pdfsig.js";
import { qpdfCheck } from "../../test/pdf-checkers/qpdf-check.js";
import { HOSTILE_FIXTURES } from "../../test/pdf-corpus/hostile-corpus.js";
import { PKCS12_PASSWORD } from "../../test/pki/test-pki.js";
import { testServices } from "../../test/setup/test-services.js";
import { loadPkcs12Signer } from "../keys/pkcs12-signer.js";
import { signPdfFile } from "./sign-pdf-file.js";

/** Each hostile file must be answered within this, on the shared two-core test machine. */
const MAX_MS_PER_FILE = 2000;

const { pki } = testServices();
let scratch: string;
let nssDir: string;
let signer: CmsSigner;
const timings: Array<{ name: string; ms: number; outcome: string }> = [];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-hostile-"));
  nssDir = await createNssTrustStore(join(scratch, "nss"), pki.rootCa.certPemFile);
  signer = await loadPkcs12Signer({ p12: new Uint8Array(await readFile(pki.entities.signerRsa2048.p12File)), password: PKCS12_PASSWORD });
});

afterAll(() => {
  // The measured times, for the record (bench/RESULTS.md keeps performance numbers; these are bounds).
  console.log(timings.map((t) => `${String(t.ms).padStart(6)} ms  ${t.outcome.padEnd(14)} ${t.name}`).join("\n"));
});

describe("hostile and damaged PDFs through the file signing flow", () => {
  it.each(HOSTILE_FIXTURES.map((fixture, index) => [fixture.name, index] as const))("answers %s with a typed error or a valid signature, in bounded time, leaving no stray file", async (_name, index) => {
    const fixture = HOSTILE_FIXTURES[index]!;
    const dir = join(scratch, `case-${index}`);
    await mkdir(dir);
    const input = join(dir, "input.pdf");
    const output = join(dir, "signed.pdf");
    await writeFile(input, fixture.bytes());

    const started = performance.now();
    const result = await signPdfFile({ inputPath: input, outputPath: output, signer, signingTime: new Date() }).then(
      () => undefined,
      (error: unknown) => error,
    );
    const elapsedMs = performance.now() - started;
    timings.push({ name: fixture.name, ms: Math.round(elapsedMs), outcome: result instanceof KysoError ? result.code : result === undefined ? "signed" : result instanceof Error ? result.name : "thrown" });
    expect(elapsedMs, `${fixture.name}: ${elapsedMs.toFixed(0)} ms`).toBeLessThan(MAX_MS_PER_FILE);

    if (fixture.outcome === "signed") {
      expect(result, `${fixture.name}: ${String(result)}`).toBeUndefined();
      const structure = await qpdfCheck(output);
      expect(structure.ok, structure.output).toBe(true);
      const signatures = await pdfsig(output, nssDir);
      expect(signatures.at(-1)?.valid, signatures.at(-1)?.raw).toBe(true);
      expect(signatures.at(-1)?.totalDocumentSigned).toBe(true);
      expect((await readdir(dir)).sort()).toEqual(["input.pdf", "signed.pdf"]);
      return;
    }
    // A typed error, not a RangeError or TypeError escaping the reader.
    expect(result, `${fixture.name}: ${String(result)}`).toBeInstanceOf(KysoError);
    expect((result as KysoError).code, (result as KysoError).message).toBe(fixture.outcome.code);
    // Neither the output nor the temporary file beside it.
    expect(await readdir(dir)).toEqual(["input.pdf"]);
  });
});
