import { describe, expect, it } from "vitest";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { parseSignArguments } from "./sign-arguments.js";

const base = ["in.pdf", "-o", "out.pdf", "--key", "k.p12"];

describe("kyso sign arguments: visible signatures", () => {
  it("signs invisibly on page 1 by default, as before profiles existed", () => {
    const args = parseSignArguments(base);
    expect(args.profile).toBe("invisible");
    expect(args.pageIndex).toBeUndefined();
    expect(args.rect).toBeUndefined();
  });

  it("reads a profile, a 1-based page, a rectangle x,y,w,h and the appearance's inputs", () => {
    const args = parseSignArguments([...base, "--profile", "issuing", "--page", "3", "--rect", "100,120.5,200,60", "--image", "ky.png", "--seal", "dau.png", "--org", "Sở Nội vụ", "--doc-number", "12/QĐ-SNV", "--text", "Đồng ý"]);
    expect(args).toMatchObject({
      profile: "issuing", pageIndex: 2, rect: [100, 120.5, 300, 180.5], signerImagePath: "ky.png", sealImagePath: "dau.png",
      organisation: "Sở Nội vụ", documentNumber: "12/QĐ-SNV", stampText: "Đồng ý",
    });
  });

  it("reads a certification permission and a hash choice", () => {
    const args = parseSignArguments([...base, "--certify", "2", "--hash", "SHA-512"]);
    expect(args.certify).toBe(2);
    expect(args.hash).toBe("SHA-512");
  });

  it.each(["approval", "issuing", "copy", "attachment", "comment", "incoming", "invisible"])("accepts --profile %s", (profile) => {
    expect(parseSignArguments([...base, "--profile", profile]).profile).toBe(profile);
  });

  it.each([
    [["--profile", "stamp"], /--profile stamp is unknown/],
    [["--certify", "4"], /--certify takes 1, 2 or 3/],
    [["--hash", "SHA-1"], /--hash takes SHA-256, SHA-384 or SHA-512/],
    [["--rect", "1,2,3,4"], /--rect needs a visible --profile/],
    [["--image", "ky.png"], /--image needs a visible --profile/],
    [["--profile", "approval", "--rect", "1,2,3"], /--rect takes x,y,w,h/],
    [["--profile", "approval", "--rect", "1,2,0,4"], /positive width and height/],
    [["--profile", "approval", "--rect", "1,2,abc,4"], /--rect takes/],
    [["--profile", "approval", "--page", "0"], /--page takes a page number from 1/],
  ])("refuses %j with CLI_USAGE", (extra, message) => {
    let thrown: unknown;
    try {
      parseSignArguments([...base, ...extra]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(KysoError);
    expect((thrown as KysoError).code).toBe("CLI_USAGE");
    expect((thrown as KysoError).message).toMatch(message);
  });
});
