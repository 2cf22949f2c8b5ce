import { describe, expect, it } from "vitest";
import { SIGNER_IMAGE_MAX_BYTES } from "../../../shared/policy/local-settings.js";
import { signerImageBase64 } from "./signer-image.js";

const PNG_START = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe("the signer image the options page keeps", () => {
  it("is the chosen PNG's bytes in standard base64", async () => {
    const bytes = Uint8Array.from([...PNG_START, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0xff, 0xfe]);
    expect(await signerImageBase64(new Blob([bytes]))).toBe(Buffer.from(bytes).toString("base64"));
  });

  it("is refused for a file that does not start with the PNG signature, whatever its name", async () => {
    expect(await signerImageBase64(new File([Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4])], "chu-ky.png"))).toBeUndefined();
  });

  it("is refused one byte above the size limit and kept at it", async () => {
    const large = new Uint8Array(SIGNER_IMAGE_MAX_BYTES + 1);
    large.set(PNG_START);
    expect(await signerImageBase64(new Blob([large]))).toBeUndefined();
    const atLimit = large.subarray(0, SIGNER_IMAGE_MAX_BYTES);
    expect(await signerImageBase64(new Blob([atLimit]))).toBe(Buffer.from(atLimit).toString("base64"));
  });
});
