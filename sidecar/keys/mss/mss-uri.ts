import { KysoError } from "../../../shared/protocol/kyso-error.js";

/**
 * The certificate id of a PKI SIM key: `mss:` followed by the subscriber's MSISDN in E.164
 * international form, e.g. `mss:+84912345678`. The MSISDN is all TS 102 204 needs to reach
 * the SIM (MobileUser/MSISDN, §5.2.1); the service, AP credentials and certificate come from
 * configuration (mss-config.ts), never from the URI, so a page or a command line cannot
 * point kyso at another MSSP or smuggle a password in.
 */
export interface MssUri {
  /** `+` and 8 to 15 digits (ITU-T E.164 §6: at most 15 digits). */
  msisdn: string;
}

const E164 = /^\+[1-9]\d{7,14}$/;

export function isMsisdn(value: string): boolean {
  return E164.test(value);
}

export function parseMssUri(text: string): MssUri {
  const match = /^mss:(.*)$/i.exec(text);
  if (!match) throw new KysoError("CLI_USAGE", `not an mss: URI: ${text}`);
  const msisdn = match[1]!;
  if (isMsisdn(msisdn)) return { msisdn };
  // The national form is what people type in Vietnam; say what to write instead of guessing the country.
  const hint = /^0\d{9}$/.test(msisdn) ? ` (write the number in international form, e.g. mss:+84${msisdn.slice(1)})` : " (expected mss:+<country code><number>, e.g. mss:+84912345678)";
  throw new KysoError("CLI_USAGE", `invalid mss: URI ${text}${hint}`);
}

export function formatMssUri(uri: MssUri): string {
  return `mss:${uri.msisdn}`;
}
