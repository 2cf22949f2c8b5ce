import { describe, expect, it } from "vitest";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { parsePkcs11Uri, type Pkcs11Uri } from "./pkcs11-uri.js";

describe("RFC 7512 pkcs11: URI parsing", () => {
  const accepted: Array<[string, Pkcs11Uri]> = [
    ["pkcs11:", {}],
    ["pkcs11:token=kyso-test", { token: "kyso-test" }],
    // RFC 7512 §3 examples
    ["pkcs11:object=my-pubkey;type=public", { object: "my-pubkey", type: "public" }],
    ["pkcs11:token=The%20Software%20PKCS%2311%20Softtoken;manufacturer=Snake%20Oil,%20Inc.;model=1.0;object=my-certificate;type=cert;id=%69%95%3E%5C%F4%BD%EC%91;serial=",
      { token: "The Software PKCS#11 Softtoken", manufacturer: "Snake Oil, Inc.", model: "1.0", object: "my-certificate", type: "cert",
        id: Uint8Array.of(0x69, 0x95, 0x3e, 0x5c, 0xf4, 0xbd, 0xec, 0x91), serial: "" }],
    ["pkcs11:token=Software%20PKCS%2311%20softtoken;manufacturer=Snake%20Oil,%20Inc.?pin-source=file:/etc/token",
      { token: "Software PKCS#11 softtoken", manufacturer: "Snake Oil, Inc.", pinSource: "file:/etc/token" }],
    ["pkcs11:slot-description=Sun%20Metaslot;library-manufacturer=Snake%20Oil,%20Inc.", {}],
    ["pkcs11:token=A;object=my-key;type=private?module-name=mypkcs11", { token: "A", object: "my-key", type: "private", moduleName: "mypkcs11" }],
    ["pkcs11:object=my-sign-key;type=private?module-path=/mnt/libmypkcs11.so.1", { object: "my-sign-key", type: "private", modulePath: "/mnt/libmypkcs11.so.1" }],
    // What `kyso keys list` prints; Vietnamese labels percent-encoded as UTF-8
    ["pkcs11:token=kyso-test;id=%01;type=cert?module-path=%2Fusr%2Flib%2Fsofthsm%2Flibsofthsm2.so",
      { token: "kyso-test", id: Uint8Array.of(1), type: "cert", modulePath: "/usr/lib/softhsm/libsofthsm2.so" }],
    ["pkcs11:object=Nguy%E1%BB%85n%20V%C4%83n%20An", { object: "Nguyễn Văn An" }],
    ["pkcs11:id=AB%00;slot-id=3;x-vendor=1?x-other=2", { id: Uint8Array.of(0x41, 0x42, 0), slotId: 3 }],
    ["PKCS11:TOKEN=t", { token: "t" }],
  ];

  it.each(accepted)("parses %s", (text, expected) => {
    expect(parsePkcs11Uri(text)).toEqual(expected);
  });

  const refused: Array<[string, RegExp]> = [
    ["pkcs11:token=t?pin-value=123456", /pin-value is refused/],
    ["token=t", /does not start with pkcs11:/],
    ["pkcs11:token=a;token=b", /appears twice/],
    ["pkcs11:object=x?module-path=/a&module-path=/b", /appears twice/],
    ["pkcs11:type=secret", /type=secret is not one of/],
    ["pkcs11:slot-id=one", /not a decimal number/],
    ["pkcs11:colour=blue", /unknown path attribute "colour"/],
    ["pkcs11:token=t?colour=blue", /unknown query attribute "colour"/],
    ["pkcs11:id=%G1", /not a percent-encoded octet/],
    ["pkcs11:object=%FF%FE", /not UTF-8/],
    ["pkcs11:token", /not name=value/],
  ];

  it.each(refused)("refuses %s with CLI_USAGE", (text, detail) => {
    let caught: unknown;
    try {
      parsePkcs11Uri(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KysoError);
    expect((caught as KysoError).code).toBe("CLI_USAGE");
    expect((caught as KysoError).message).toMatch(detail);
  });

  it("never echoes a PIN value into the error it raises", () => {
    const message = (() => {
      try {
        parsePkcs11Uri("pkcs11:token=t?pin-value=98765432");
        return "";
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/pin-value/);
    expect(message).not.toContain("98765432");
  });
});
