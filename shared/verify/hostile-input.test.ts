import { readFile } from "node:fs/promises";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { nobleHasherFactory } from "../cms/incremental-hasher.js";
import { memoryByteSource } from "../pdf/byte-source.js";
import { KysoError } from "../protocol/kyso-error.js";
import { HOSTILE_FIXTURES } from "../../test/pdf-corpus/hostile-corpus.js";
import { seededRandom } from "../../test/pdf-corpus/seeded-random.js";
import { testServices } from "../../test/setup/test-services.js";
import { kysoSigned, signpdfSigned } from "../../test/verify/signed-files.js";
import type { DocumentVerification } from "./verification-result.js";
import { verifyDocument } from "./verify-document.js";

/** Each hostile input must be answered within this, on the shared two-core test machine. */
const MAX_MS_PER_INPUT = 2000;
/** Fixed: a failure names its iteration and reproduces. */
const SEED = 0x76657269;
const ITERATIONS = 300;

const { pki } = testServices();
let rootPem: string;
let signed: Uint8Array;
/** Where the signatures' /Contents hex strings are: the only bytes a change may touch and still pass. */
let gaps: Array<[number, number]>;
/** Where the last signed revision ends: what follows (an end-of-line) may be cut. */
let signedEnd: number;

/** A verification, or the typed error it ended with; anything else (a crash) fails the test. */
async function verifyOrTypedError(bytes: Uint8Array): Promise<{ result?: DocumentVerification; code?: string; ms: number }> {
  const started = performance.now();
  try {
    // Soft fail: offline, a signature could otherwise never pass and "never passes" would prove nothing.
    const result = await verifyDocument({ source: memoryByteSource(bytes), trustAnchorsPem: [rootPem], createHasher: nobleHasherFactory, revocationHardFail: false });
    return { result, ms: performance.now() - started };
  } catch (error) {
    if (!(error instanceof KysoError)) throw error;
    return { code: error.code, ms: performance.now() - started };
  }
}

beforeAll(async () => {
  rootPem = await readFile(pki.rootCa.certPemFile, "utf8");
  const document = await PDFDocument.create();
  document.addPage();
  const first = await signpdfSigned({ pki, bytes: await document.save({ useObjectStreams: false }), entity: "signerRsa2048", subFilter: "ETSI.CAdES.detached" });
  signed = await kysoSigned({ pki, bytes: first, entity: "signerEcdsaP256" });
  const text = Buffer.from(signed).toString("latin1");
  const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+(\d+)/g)].map((m) => m.slice(1, 4).map(Number) as [number, number, number]);
  gaps = ranges.map(([gapStart, gapEnd]) => [gapStart, gapEnd]);
  signedEnd = Math.max(...ranges.map(([, gapEnd, tail]) => gapEnd + tail));
  expect(gaps).toHaveLength(2);
  const clean = await verifyOrTypedError(signed);
  expect(clean.result?.indication, JSON.stringify(clean.result, null, 1)).toBe("TOTAL_PASSED");
});

describe("hostile input to the verifier", () => {
  it.each(HOSTILE_FIXTURES.map((fixture, index) => [fixture.name, index] as const))("answers %s with a report or a typed error, in bounded time", async (_name, index) => {
    const answer = await verifyOrTypedError(HOSTILE_FIXTURES[index]!.bytes());
    expect(answer.ms).toBeLessThan(MAX_MS_PER_INPUT);
    // None of these files is signed: nothing may pass.
    if (answer.result) expect(answer.result.indication).not.toBe("TOTAL_PASSED");
  });

  it(`survives ${ITERATIONS} seeded mutations of a two-signature file; a byte changed outside /Contents never passes`, async () => {
    const next = seededRandom(SEED);
    const outcomes = new Map<string, number>();
    for (let iteration = 0; iteration < ITERATIONS; iteration += 1) {
      const bytes = signed.slice();
      const positions: number[] = [];
      let length = bytes.length;
      for (let count = 1 + Math.floor(next() * 3); count > 0; count -= 1) {
        // Half near the end, where the cross-reference data, the trailer and the last signature are.
        const at = next() < 0.5 ? Math.floor(next() * length) : Math.max(0, length - 1 - Math.floor(next() * 4096));
        if (next() < 0.15) length = at;
        else {
          bytes[at] = Math.floor(next() * 256);
          positions.push(at);
        }
      }
      const mutated = bytes.subarray(0, length);
      const answer = await verifyOrTypedError(mutated);
      const outcome = answer.code ?? answer.result!.indication;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      expect(answer.ms, `iteration ${iteration}`).toBeLessThan(MAX_MS_PER_INPUT);
      const changedOutsideContents = length < signedEnd || positions.some((at) => bytes[at] !== signed[at] && !gaps.some(([start, end]) => at > start && at < end - 1));
      if (changedOutsideContents) expect(outcome, `iteration ${iteration}: ${positions.join(",")} cut at ${length}`).not.toBe("TOTAL_PASSED");
    }
    console.log([...outcomes].map(([outcome, n]) => `${outcome}: ${n}`).join(", "));
  }, 120_000);
});
