import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CmsSigner } from "../../shared/cms/cms-signer.js";
import { concatBytes } from "../../shared/cms/der.js";
import { signPdf, type SignedPdfUpdate } from "../../shared/pades/sign-pdf.js";
import { memoryByteSource } from "../../shared/pdf/byte-source.js";
import { PdfDocumentReader } from "../../shared/pdf/read/pdf-document-reader.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import { createNssTrustStore, pdfsig } from "../../test/pdf-checkers/pdfsig.js";
import { buildCorpus } from "../../test/pdf-corpus/build-corpus.js";
import { seededRandom } from "../../test/pdf-corpus/seeded-random.js";
import { PKCS12_PASSWORD } from "../../test/pki/test-pki.js";
import { testServices } from "../../test/setup/test-services.js";
import { loadPkcs12Signer } from "../keys/pkcs12-signer.js";

/** Fixed: a failure names its iteration and reproduces. */
const SEED = 0x6b79736f;
const ITERATIONS = 500;
const MAX_MS_PER_INPUT = 2000;
/** Outputs checked with pdfsig as well (it costs a process per file). */
const PDFSIG_EVERY = 20;

const { pki } = testServices();
let scratch: string;
let nssDir: string;
let signer: CmsSigner;
let corpus: Uint8Array[];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-fuzz-"));
  nssDir = await createNssTrustStore(join(scratch, "nss"), pki.rootCa.certPemFile);
  signer = await loadPkcs12Signer({ p12: new Uint8Array(await readFile(pki.entities.signerRsa2048.p12File)), password: PKCS12_PASSWORD });
  corpus = await Promise.all((await buildCorpus(scratch)).map(async (file) => new Uint8Array(await readFile(file.path))));
}, 120_000);

/**
 * One to three mutations of the kinds that damage real files: flipped bytes, a cut, a slice
 * duplicated or dropped, a number replaced by a huge or negative one. Biased towards the
 * last kilobytes, where the cross-reference data and trailer are.
 */
function mutate(input: Uint8Array, next: () => number): { bytes: Uint8Array; steps: string[] } {
  let bytes: Uint8Array = input.slice();
  const steps: string[] = [];
  const position = () => (next() < 0.5 ? Math.floor(next() * bytes.length) : Math.max(0, bytes.length - 1 - Math.floor(next() * 2048)));
  for (let count = 1 + Math.floor(next() * 3); count > 0; count -= 1) {
    const at = position();
    const kind = Math.floor(next() * 5);
    if (kind === 0) {
      bytes[at] = Math.floor(next() * 256);
      steps.push(`set ${at}`);
    } else if (kind === 1) {
      bytes = bytes.slice(0, at);
      steps.push(`cut ${at}`);
    } else if (kind === 2 || kind === 3) {
      const length = Math.min(bytes.length - at, 1 + Math.floor(next() * 64));
      const slice = bytes.slice(at, at + length);
      bytes = kind === 2 ? concatBytes([bytes.subarray(0, at + length), slice, bytes.subarray(at + length)]) : concatBytes([bytes.subarray(0, at), bytes.subarray(at + length)]);
      steps.push(`${kind === 2 ? "duplicate" : "drop"} ${at}+${length}`);
    } else {
      const digits = /\d+/.exec(new TextDecoder("latin1").decode(bytes.subarray(at, at + 32)));
      if (!digits) continue;
      const start = at + digits.index;
      const replacement = ["99999999999999999999", "-1", "2147483648", "0", "4294967295"][Math.floor(next() * 5)]!;
      bytes = concatBytes([bytes.subarray(0, start), new TextEncoder().encode(replacement), bytes.subarray(start + digits[0].length)]);
      steps.push(`number ${start} -> ${replacement}`);
    }
  }
  return { bytes, steps };
}

describe("seeded mutation fuzzing of the signing engine over the corpus", () => {
  it(`answers ${ITERATIONS} mutated corpus files with a typed error or a signed file, never another exception, never a hang`, async () => {
    const next = seededRandom(SEED);
    const outcomes = { signed: 0, refused: new Map<string, number>() };
    for (let iteration = 0; iteration < ITERATIONS; iteration += 1) {
      const { bytes, steps } = mutate(corpus[Math.floor(next() * corpus.length)]!, next);
      const label = `iteration ${iteration} (${steps.join(", ")})`;
      const started = performance.now();
      let result: SignedPdfUpdate;
      try {
        result = await signPdf({ source: memoryByteSource(bytes), signer, signingTime: new Date() });
      } catch (error) {
        // Anything but a KysoError (RangeError, TypeError, …) escaping the engine fails the run.
        if (!(error instanceof KysoError)) throw new Error(label, { cause: error });
        outcomes.refused.set(error.code, (outcomes.refused.get(error.code) ?? 0) + 1);
        continue;
      } finally {
        expect(performance.now() - started, label).toBeLessThan(MAX_MS_PER_INPUT);
      }
      // Signed: the output opens again, and the signature covers the whole file but /Contents.
      const signed = concatBytes([bytes, result.update]);
      const [start, firstLength, secondStart, secondLength] = result.byteRange;
      expect([start, secondStart + secondLength], label).toEqual([0, signed.length]);
      expect(firstLength, label).toBeLessThan(secondStart);
      await PdfDocumentReader.open(memoryByteSource(signed));
      if (outcomes.signed++ % PDFSIG_EVERY === 0) {
        const file = join(scratch, `fuzz-${iteration}.pdf`);
        await writeFile(file, signed);
        expect((await pdfsig(file, nssDir)).at(-1)?.valid, label).toBe(true);
      }
    }
    console.log(`fuzz: ${outcomes.signed} signed, refused ${JSON.stringify(Object.fromEntries(outcomes.refused))}`);
    expect(outcomes.signed + [...outcomes.refused.values()].reduce((a, b) => a + b, 0)).toBe(ITERATIONS);
  }, 300_000);
});
