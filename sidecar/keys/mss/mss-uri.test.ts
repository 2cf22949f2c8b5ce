import { describe, expect, it } from "vitest";
import type { KysoError } from "../../../shared/protocol/kyso-error.js";
import { parseMssUri } from "./mss-uri.js";

describe("mss: URIs", () => {
  it.each([
    ["mss:+84912345678", "+84912345678"],
    ["MSS:+84912345678", "+84912345678"],
    ["mss:+12025550123", "+12025550123"],
  ])("reads %s as the MSISDN %s", (text, msisdn) => {
    expect(parseMssUri(text)).toEqual({ msisdn });
  });

  it.each([
    ["mss:0912345678", /international form, e\.g\. mss:\+84912345678/],
    ["mss:84912345678", /expected mss:\+<country code>/],
    ["mss:+0912345678", /invalid mss: URI/],
    ["mss:+8491234", /invalid mss: URI/],
    ["mss:+8491234567890123", /invalid mss: URI/],
    ["mss:+84912345678;pin=1234", /invalid mss: URI/],
    ["mss:+84 912 345 678", /invalid mss: URI/],
    ["pkcs11:token=x", /not an mss: URI/],
  ])("refuses %s as a usage error", (text, message) => {
    let error: KysoError | undefined;
    try {
      parseMssUri(text);
    } catch (caught) {
      error = caught as KysoError;
    }
    expect(error?.code).toBe("CLI_USAGE");
    expect(error?.message).toMatch(message);
  });
});
