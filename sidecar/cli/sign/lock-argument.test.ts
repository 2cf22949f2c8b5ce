import { describe, expect, it } from "vitest";
import { parseSignArguments } from "./sign-arguments.js";

const base = ["in.pdf", "-o", "out.pdf", "--key", "k.p12"];

describe("kyso sign --lock (FieldMDP)", () => {
  it("reads all, include:… and exclude:… with fully qualified field names", () => {
    expect(parseSignArguments([...base, "--lock", "all"]).lock).toEqual({ action: "All" });
    expect(parseSignArguments([...base, "--lock", "include:SoVanBan, NgayBanHanh"]).lock).toEqual({ action: "Include", fields: ["SoVanBan", "NgayBanHanh"] });
    expect(parseSignArguments([...base, "--lock", "exclude:GhiChu"]).lock).toEqual({ action: "Exclude", fields: ["GhiChu"] });
  });

  it("refuses a lock without field names or with an unknown action as a usage error", () => {
    for (const value of ["include:", "some", "exclude: , "]) expect(() => parseSignArguments([...base, "--lock", value])).toThrow(expect.objectContaining({ code: "CLI_USAGE" }) as Error);
  });
});
