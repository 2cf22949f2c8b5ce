import * as z from "zod/mini";
import { base64Bytes } from "../wire-bytes.js";

const urlSchema = z.string().check(z.maxLength(2048), z.regex(/^https?:\/\//));

/** `tsa.timestamp`: posts an RFC 3161 TimeStampReq (DER) to the TSA and returns its TimeStampResp. */
export const tsaTimestampParamsSchema = z.object({
  url: urlSchema,
  request: base64Bytes(64 * 1024),
});

export const tsaTimestampResultSchema = z.object({ response: base64Bytes(256 * 1024) });

/**
 * `revocation.fetch`: for a chain (signer first), every missing issuer from AIA caIssuers and,
 * for each certificate below the root, an OCSP response or else a CRL, each checked before it is
 * returned (what a PAdES B-LT DSS holds).
 */
export const revocationFetchParamsSchema = z.object({
  chain: z.array(base64Bytes(64 * 1024)).check(z.minLength(1), z.maxLength(16)),
});

export const revocationFetchResultSchema = z.object({
  certificates: z.array(base64Bytes(64 * 1024)),
  ocspResponses: z.array(base64Bytes(1024 * 1024)),
  /** CRLs can be large: each comes back as a blob id to fetch with blob.get. */
  crlBlobIds: z.array(z.string()),
});

export type TsaTimestampParams = z.infer<typeof tsaTimestampParamsSchema>;
export type TsaTimestampResult = z.infer<typeof tsaTimestampResultSchema>;
export type RevocationFetchParams = z.infer<typeof revocationFetchParamsSchema>;
export type RevocationFetchResult = z.infer<typeof revocationFetchResultSchema>;
