import * as z from "zod/mini";

/** Standard base64 (RFC 4648 §4), the only way bytes cross the JSON protocol. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Bytes as base64, at most `maxBytes` decoded (so a page cannot make the host allocate more). */
export function base64Bytes(maxBytes: number) {
  return z.string().check(z.maxLength(Math.ceil(maxBytes / 3) * 4), z.regex(BASE64));
}

export const sha256HexSchema = z.string().check(z.regex(/^[0-9a-f]{64}$/));

/** Names a person reads (documents, tokens): bounded, no control characters. */
// eslint-disable-next-line no-control-regex -- the point is to refuse control characters
export const displayNameSchema = z.string().check(z.maxLength(512), z.regex(/^[^\u0000-\u001f\u007f]*$/));
