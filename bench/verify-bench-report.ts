import type { VerifyBenchRow } from "./verify-bench.js";

/** GNU time reports wall time in hundredths of a second: below this a ratio means nothing. */
const SHORTEST_MEASURABLE_SECONDS = 0.02;
/** Issue 5: 100 MB with 5 signatures in at most half pdfsig's time, peak RSS at most 100 MiB. */
const TARGET = { sizeMB: 100, signatures: 5, ratioToPdfsig: 0.5, peakRssMiB: 100 };

const ratio = (a: number, b: number | undefined) => (b !== undefined && b >= SHORTEST_MEASURABLE_SECONDS ? `${(a / b).toFixed(2)}×` : "—");

function caseTable(rows: VerifyBenchRow[]): string {
  const floor = rows.find((r) => r.role === "floor");
  const kyso = rows.find((r) => r.role === "kyso");
  const lines = rows.map((row) => {
    const versusKyso = row.role === "peer" && kyso ? ratio(row.wallSeconds, kyso.wallSeconds) : "—";
    const rssVersusKyso = row.role === "peer" && kyso ? `${(row.peakRssMiB / kyso.peakRssMiB).toFixed(2)}×` : "—";
    const verdict = row.failure ? `**${row.failure}**` : row.verdict;
    return `| ${row.tool} | ${row.wallSeconds.toFixed(2)} | ${row.role === "floor" ? "1.00×" : ratio(row.wallSeconds, floor?.wallSeconds)} | ${row.peakRssMiB.toFixed(0)} | ${versusKyso} | ${rssVersusKyso} | ${verdict} |`;
  });
  return ["| tool | wall (s) | × floor | peak RSS (MiB) | wall × kyso | RSS × kyso | verdict (first run) |", "|---|---:|---:|---:|---:|---:|---|", ...lines].join("\n");
}

function targetCheck(rows: VerifyBenchRow[]): string {
  const at = rows.filter((r) => r.sizeMB === TARGET.sizeMB && r.signatures === TARGET.signatures);
  const kyso = at.find((r) => r.role === "kyso");
  const pdfsig = at.find((r) => r.role === "peer");
  if (!kyso || !pdfsig) return `- The target case (${TARGET.sizeMB} MB, ${TARGET.signatures} signatures) was not in this run.`;
  const wallRatio = kyso.wallSeconds / pdfsig.wallSeconds;
  const met = (ok: boolean) => (ok ? "met" : "**not met**");
  return [
    `- Wall at ${TARGET.sizeMB} MB with ${TARGET.signatures} signatures: ${wallRatio.toFixed(2)}× pdfsig's (target ≤ ${TARGET.ratioToPdfsig}×): ${met(wallRatio <= TARGET.ratioToPdfsig)}.`,
    `- Peak RSS there: ${kyso.peakRssMiB.toFixed(0)} MiB (target ≤ ${TARGET.peakRssMiB} MiB): ${met(kyso.peakRssMiB <= TARGET.peakRssMiB)}.`,
  ].join("\n");
}

/** The verification section of RESULTS.md: one table per file, then the target. */
export function verifyBenchReport(rows: VerifyBenchRow[]): string {
  const cases = [...new Map(rows.map((r) => [`${r.sizeMB}/${r.signatures}`, { sizeMB: r.sizeMB, signatures: r.signatures }])).values()];
  const tables = cases.map(({ sizeMB, signatures }) => `### ${sizeMB} MB PDF, ${signatures} signature${signatures === 1 ? "" : "s"}\n\n${caseTable(rows.filter((r) => r.sizeMB === sizeMB && r.signatures === signatures))}`);
  return `## Verification (kyso verify against pdfsig, offline, the test root trusted)

- Files: the signing benchmark's generated PDF, signed N times by \`kyso sign\` (PAdES B-B, RSA-2048),
  each signature its own incremental update.
- Floor = \`sha256sum\` of the file: every byte read once. kyso reads the file once for all signatures;
  pdfsig hashes each signed revision separately.
- kyso: \`kyso verify FILE --trust ROOT --offline --json\`; offline, B-B signatures are INDETERMINATE
  (TRY_LATER: no revocation data), so the verdict column counts signatures intact and cryptographically valid.
  pdfsig: \`pdfsig -no-ocsp -nssdir sql:DB FILE\` with the root trusted in NSS.
- "wall × kyso", "RSS × kyso": pdfsig's number ÷ kyso's (above 1: kyso is ahead).

${tables.join("\n\n")}

### Against the target

${targetCheck(rows)}`;
}
