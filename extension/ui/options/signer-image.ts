import { SIGNER_IMAGE_MAX_BYTES } from "../../../shared/policy/local-settings.js";
import { bytesToBase64 } from "../../../shared/protocol/base64-codec.js";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The chosen file as base64 when it is a PNG (by its signature, not its name) small enough; else undefined. */
export async function signerImageBase64(file: Blob): Promise<string | undefined> {
  if (file.size > SIGNER_IMAGE_MAX_BYTES) return undefined;
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!PNG_SIGNATURE.every((byte, index) => bytes[index] === byte)) return undefined;
  return bytesToBase64(bytes);
}
