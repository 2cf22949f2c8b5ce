/** Vietnam time (Asia/Ho_Chi_Minh) is UTC+07:00 all year: no daylight saving since 1975. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

export interface VietnamTimeText {
  /** `dd/MM/yyyy HH:mm:ss`, the way dates are written in Vietnamese documents. */
  display: string;
  /** `yyyy-MM-ddTHH:mm:ss+07:00` (ISO 8601 with the Vietnam offset), as Appendix I asks. */
  iso8601: string;
}

/** The signing time as the information block shows it, independent of the machine's time zone. */
export function vietnamTimeText(time: Date): VietnamTimeText {
  const local = new Date(time.getTime() + VIETNAM_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, "0");
  const year = String(local.getUTCFullYear()).padStart(4, "0");
  const month = two(local.getUTCMonth() + 1);
  const day = two(local.getUTCDate());
  const clock = `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}`;
  return { display: `${day}/${month}/${year} ${clock}`, iso8601: `${year}-${month}-${day}T${clock}+07:00` };
}
