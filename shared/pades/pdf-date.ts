import { vietnamClock } from "../appearance/vietnam-time.js";

/** ISO 32000-1 §7.9.4 date string in Vietnam time, e.g. `D:20261122103000+07'00'`. */
export function pdfDateVietnam(date: Date): string {
  const { year, month, day, hour, minute, second } = vietnamClock(date);
  return `D:${year}${month}${day}${hour}${minute}${second}+07'00'`;
}
