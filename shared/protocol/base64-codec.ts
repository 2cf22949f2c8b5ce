/**
 * Standard base64 (RFC 4648 §4) for bytes crossing JSON-only channels (Chromium's runtime
 * ports, the native port). Uses Uint8Array.prototype.toBase64 / Uint8Array.fromBase64 where the
 * runtime has them (Chrome 140+, Firefox 133+), else btoa/atob over bounded slices so that a
 * large document never builds one giant argument list.
 */
const SLICE_BYTES = 0x8000;

type WithBase64 = Uint8Array & { toBase64?: () => string };
type Base64Constructor = typeof Uint8Array & { fromBase64?: (text: string) => Uint8Array };

export function bytesToBase64(bytes: Uint8Array): string {
  const native = (bytes as WithBase64).toBase64;
  if (typeof native === "function") return native.call(bytes);
  const pieces: string[] = [];
  // Slices of a multiple of 3 bytes encode without padding, so their base64 concatenates.
  const step = SLICE_BYTES - (SLICE_BYTES % 3);
  for (let offset = 0; offset < bytes.length; offset += step) {
    pieces.push(btoa(String.fromCharCode(...bytes.subarray(offset, offset + step))));
  }
  return pieces.join("");
}

export function base64ToBytes(text: string): Uint8Array {
  const native = (Uint8Array as Base64Constructor).fromBase64;
  if (typeof native === "function") return native(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
