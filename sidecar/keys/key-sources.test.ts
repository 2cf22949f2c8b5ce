import { describe, expect, it } from "vitest";
import { listAllKeys, schemeOf } from "./key-sources.js";
import { startLoopbackHttpServer } from "../../test/services/loopback-http-server.js";

describe("key sources chosen by the certificate id's scheme", () => {
  it.each([
    ["pkcs11:token=VNPT-CA;id=%01", "pkcs11"],
    ["PKCS11:token=x", "pkcs11"],
    ["csc:GX0112348?service=https://rssp.example.vn/csc/v2", "csc"],
    ["mss:84912345678", "mss"],
    ["chu-ky.p12", "pkcs12"],
    ["./csc-keys/chu-ky.p12", "pkcs12"],
    ["C:\\keys\\pkcs11.p12", "pkcs12"],
  ])("%s → %s", (id, scheme) => {
    expect(schemeOf(id)).toBe(scheme);
  });

  it("lists nothing for providers nobody configured and reports one that is down without failing", async () => {
    const gone = await startLoopbackHttpServer();
    await gone.close();
    const listings = await listAllKeys({ env: {}, settings: { pkcs11Modules: [], cscServices: [{ url: `${gone.baseUrl}/csc/v2` }] } });
    expect(listings.flatMap((l) => l.certificates)).toEqual([]);
    expect(listings.find((l) => l.scheme === "csc")?.unavailable).toEqual([{ source: `${gone.baseUrl}/csc/v2`, code: "REMOTE_SERVICE_UNREACHABLE" }]);
    expect(listings.some((l) => l.scheme === "pkcs11")).toBe(false);
  });
});
