/** Vietnam time (Asia/Ho_Chi_Minh) is UTC+07:00 all year: no daylight saving since 1975. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** Calendar fields of an instant in Vietnam time, zero-padded, whatever the machine's time zone. */
export interface VietnamClock {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

export function vietnamClock(time: Date): VietnamClock {
  const local = new Date(time.getTime() + VIETNAM_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, "0");
  return {
    year: String(local.getUTCFullYear()).padStart(4, "0"),
    month: two(local.getUTCMonth() + 1),
    day: two(local.getUTCDate()),
    hour: two(local.getUTCHours()),
    minute: two(local.getUTCMinutes()),
    second: two(local.getUTCSeconds()),
  };
}

export interface VietnamTimeText {
  /** `dd/MM/yyyy HH:mm:ss`, the way dates are written in Vietnamese documents. */
  display: string;
  /** `yyyy-MM-ddTHH:mm:ss+07:00` (ISO 8601 with the Vietnam offset), as Appendix I asks. */
  iso8601: string;
}

/** The signing time as the information block shows it. */
export function vietnamTimeText(time: Date): VietnamTimeText {
  const { year, month, day, hour, minute, second } = vietnamClock(time);
  const clock = `${hour}:${minute}:${second}`;
  return { display: `${day}/${month}/${year} ${clock}`, iso8601: `${year}-${month}-${day}T${clock}+07:00` };
}
