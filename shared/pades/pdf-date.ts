/** Vietnam has no daylight saving: UTC+07:00 all year. */
const VIETNAM_OFFSET_MINUTES = 7 * 60;

/** ISO 32000-1 §7.9.4 date string in Vietnam time, e.g. `D:20261122103000+07'00'`. */
export function pdfDateVietnam(date: Date): string {
  const local = new Date(date.getTime() + VIETNAM_OFFSET_MINUTES * 60_000);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `D:${pad(local.getUTCFullYear(), 4)}${pad(local.getUTCMonth() + 1)}${pad(local.getUTCDate())}${pad(local.getUTCHours())}${pad(local.getUTCMinutes())}${pad(local.getUTCSeconds())}+07'00'`;
}
