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

/**
 * `validation.get`: one GET of a CRL (CRL distribution point) or a CA certificate (AIA
 * caIssuers) for the PDF engine or the verifier running in the browser, which cannot reach a
 * CA itself (CORS). The body goes to the blob store (a CRL can be tens of MB). The caller checks
 * what it gets (CRL signature, certificate chain) as if it had fetched it.
 */
export const validationGetParamsSchema = z.object({ url: urlSchema });
export const validationGetResultSchema = z.object({ blobId: z.string(), size: z.number().check(z.int(), z.nonnegative()) });

/**
 * `validation.ocsp`: relays one DER OCSPRequest (RFC 6960 Appendix A.1) built by the caller
 * and returns the responder's answer untouched, so the caller's own nonce is echoed and it
 * sees a "revoked" answer as it is (revocation.fetch refuses to return one).
 */
export const validationOcspParamsSchema = z.object({ url: urlSchema, request: base64Bytes(64 * 1024) });
export const validationOcspResultSchema = z.object({ response: base64Bytes(1024 * 1024) });

export type ValidationGetParams = z.infer<typeof validationGetParamsSchema>;
export type ValidationOcspParams = z.infer<typeof validationOcspParamsSchema>;
export type TsaTimestampParams = z.infer<typeof tsaTimestampParamsSchema>;
export type TsaTimestampResult = z.infer<typeof tsaTimestampResultSchema>;
export type RevocationFetchParams = z.infer<typeof revocationFetchParamsSchema>;
export type RevocationFetchResult = z.infer<typeof revocationFetchResultSchema>;
