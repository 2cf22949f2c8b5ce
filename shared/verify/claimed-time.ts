import { PdfString, type PdfValue } from "../pdf/objects.js";

/** ISO 32000-2 §7.9.4: D:YYYYMMDDHHmmSSOHH'mm, everything after the year optional, O one of + - Z. */
const PDF_DATE = /^D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([+\-Z])(?:(\d{2})'?(?:(\d{2})'?)?)?)?/;

/** A PDF date string (a signature dictionary's /M) as a Date; undefined when it is not one. */
export function pdfDateValue(value: PdfValue | undefined): Date | undefined {
  if (!(value instanceof PdfString)) return undefined;
  const text = String.fromCharCode(...value.bytes.subarray(0, 64));
  const match = PDF_DATE.exec(text);
  if (!match) return undefined;
  const [year, month = 1, day = 1, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map((part) => (part ? Number(part) : undefined));
  const sign = match[7] === "-" ? -1 : 1;
  const offsetMinutes = match[7] === undefined || match[7] === "Z" ? 0 : sign * (Number(match[8] ?? 0) * 60 + Number(match[9] ?? 0));
  const date = new Date(Date.UTC(year!, month - 1, day, hour, minute, second) - offsetMinutes * 60_000);
  return Number.isNaN(date.getTime()) || month < 1 || month > 12 || day < 1 || day > 31 ? undefined : date;
}
