/**
 * The signing benchmark as Markdown: one table per file size with ratios to the floor and to
 * kyso, peak RSS of every signer as the file grows, and the issue's target checked line by
 * line. Where kyso is behind, the text says so.
 */
import type { SignBenchRow } from "./sign-bench.js";

/** Issue "PDF signing engine": wall ≤ 1.3× floor, peak RSS ≤ 100 MiB at 100 MB. */
const TARGET_WALL_TO_FLOOR = 1.3;
const TARGET_PEAK_RSS_MIB = 100;
const TARGET_FILE_MB = 100;

const seconds = (value: number) => value.toFixed(2);
const mib = (value: number) => value.toFixed(0);
const times = (value: number | undefined) => (value === undefined ? "—" : `${value.toFixed(2)}×`);

function failureCell(row: SignBenchRow): string {
  return `**${row.failure!}** (after ${seconds(row.wallSeconds)} s, ${mib(row.peakRssMiB)} MiB)`;
}

function sizeTable(rows: SignBenchRow[]): string {
  const kyso = rows.find((r) => r.role === "kyso" && r.failure === undefined);
  const lines = [
    "| tool | wall (s) | × floor | peak RSS (MiB) | wall × kyso | RSS × kyso |",
    "|---|---:|---:|---:|---:|---:|",
  ];
  for (const row of rows) {
    if (row.failure !== undefined) {
      lines.push(`| ${row.tool} | ${failureCell(row)} | | | | |`);
      continue;
    }
    const versusKyso = kyso !== undefined && row.role === "peer";
    const wallToKyso = versusKyso && kyso.wallSeconds > 0 ? row.wallSeconds / kyso.wallSeconds : undefined;
    const rssToKyso = versusKyso ? row.peakRssMiB / kyso.peakRssMiB : undefined;
    lines.push(`| ${row.tool} | ${seconds(row.wallSeconds)} | ${times(row.ratioToFloor)} | ${mib(row.peakRssMiB)} | ${times(wallToKyso)} | ${times(rssToKyso)} |`);
  }
  return lines.join("\n");
}

function rssGrowthTable(rows: SignBenchRow[], sizesMB: number[]): string {
  const tools = [...new Set(rows.map((r) => r.tool))];
  const lines = [`| tool | ${sizesMB.map((s) => `${s} MB`).join(" | ")} |`, `|---|${sizesMB.map(() => "---:").join("|")}|`];
  for (const tool of tools) {
    const cells = sizesMB.map((sizeMB) => {
      const row = rows.find((r) => r.tool === tool && r.sizeMB === sizeMB);
      if (row === undefined) return "";
      return row.failure === undefined ? mib(row.peakRssMiB) : row.failure.split(":")[0]!;
    });
    lines.push(`| ${tool} | ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}

function targetCheck(rows: SignBenchRow[], sizesMB: number[]): string {
  const largest = Math.max(...sizesMB);
  const smallest = Math.min(...sizesMB);
  const atLargest = rows.filter((r) => r.sizeMB === largest);
  const kyso = atLargest.find((r) => r.role === "kyso");
  if (kyso === undefined || kyso.failure !== undefined) return `- kyso did not sign the ${largest} MB file: ${kyso?.failure ?? "not run"}.`;
  const verdict = (ok: boolean) => (ok ? "met" : "**not met**");
  const lines: string[] = [];
  if (largest < TARGET_FILE_MB) lines.push(`- The target is set at ${TARGET_FILE_MB} MB; this run stops at ${largest} MB, where start-up weighs more: indicative only.`);
  if (kyso.ratioToFloor !== undefined) {
    lines.push(`- Wall at ${largest} MB: ${times(kyso.ratioToFloor)} the floor (target ≤ ${TARGET_WALL_TO_FLOOR}×): ${verdict(kyso.ratioToFloor <= TARGET_WALL_TO_FLOOR)}.`);
  }
  lines.push(`- Peak RSS at ${largest} MB: ${mib(kyso.peakRssMiB)} MiB (target ≤ ${TARGET_PEAK_RSS_MIB} MiB): ${verdict(kyso.peakRssMiB <= TARGET_PEAK_RSS_MIB)}.`);
  const kysoSmallest = rows.find((r) => r.role === "kyso" && r.sizeMB === smallest && r.failure === undefined);
  if (kysoSmallest !== undefined && largest > smallest) {
    const perSize = sizesMB.map((s) => `${mib(rows.find((r) => r.role === "kyso" && r.sizeMB === s)?.peakRssMiB ?? NaN)} MiB at ${s} MB`).join(", ");
    const growth = kyso.peakRssMiB - kysoSmallest.peakRssMiB;
    lines.push(`- Flat as the file grows: ${perSize} (+${mib(growth)} MiB for ${largest / smallest}× the bytes).`);
  }
  const peers = atLargest.filter((r) => r.role === "peer");
  const fasterPeers = peers.filter((p) => p.failure === undefined && p.wallSeconds < kyso.wallSeconds).map((p) => p.tool);
  const leanerPeers = peers.filter((p) => p.failure === undefined && p.peakRssMiB < kyso.peakRssMiB).map((p) => p.tool);
  lines.push(`- Ahead of every peer on wall time at ${largest} MB: ${fasterPeers.length === 0 ? "yes" : `**no** — faster: ${fasterPeers.join(", ")}`}.`);
  lines.push(`- Ahead of every peer on peak RSS at ${largest} MB: ${leanerPeers.length === 0 ? "yes" : `**no** — leaner: ${leanerPeers.join(", ")}`}.`);
  return lines.join("\n");
}

export function signReport(rows: SignBenchRow[], sizesMB: number[]): string {
  const perSize = sizesMB.map((sizeMB) => `### ${sizeMB} MB PDF\n\n${sizeTable(rows.filter((r) => r.sizeMB === sizeMB))}`).join("\n\n");
  return `${perSize}

### Peak RSS (MiB) as the file grows

${rssGrowthTable(rows, sizesMB)}

### Against the target

${targetCheck(rows, sizesMB)}`;
}
