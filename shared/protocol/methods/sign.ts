import * as z from "zod/mini";
import { ERROR_CODES } from "../error-codes.js";
import { base64Bytes, displayNameSchema, sha256HexSchema } from "../wire-bytes.js";

/** More than any confirmation window can list; a batch is one confirmation (ARCHITECTURE.md §4). */
export const SIGN_BATCH_MAX_ITEMS = 500;

/** DER SignedAttributes of a PAdES CMS: a few hundred bytes, a few KB with a policy. */
const TO_BE_SIGNED_MAX_BYTES = 16 * 1024;

export const signatureAlgorithmChoiceSchema = z.object({
  scheme: z.optional(z.enum(["rsa-pkcs1-v1_5", "rsa-pss", "ecdsa"])),
  hash: z.optional(z.enum(["SHA-256", "SHA-384", "SHA-512"])),
});

/**
 * One document of the batch. The sidecar signs `toBeSigned`, the DER of the CMS
 * SignedAttributes (RFC 5652 §5.4), not a bare hash: tokens that hash on-card
 * (CKM_SHA256_RSA_PKCS) need the message itself. The name and SHA-256 are for the audit log.
 */
export const signItemSchema = z.object({
  documentName: displayNameSchema,
  documentSha256: sha256HexSchema,
  toBeSigned: base64Bytes(TO_BE_SIGNED_MAX_BYTES),
});

/**
 * `sign.digest`. `origin` is filled in by the background from the browser's sender
 * (sender.origin), never taken from a page's payload. Without `pin` the token's PIN pad is
 * used (or PIN_REQUIRED). Cancelling ends the batch with CANCELLED.
 */
export const signDigestParamsSchema = z.object({
  certificateId: z.string().check(z.minLength(7), z.maxLength(2048)),
  algorithm: z.optional(signatureAlgorithmChoiceSchema),
  items: z.array(signItemSchema).check(z.minLength(1), z.maxLength(SIGN_BATCH_MAX_ITEMS)),
  pin: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  origin: z.string().check(z.maxLength(512)),
});

export const signDigestResultSchema = z.object({
  certificate: base64Bytes(64 * 1024),
  chain: z.array(base64Bytes(64 * 1024)).check(z.maxLength(16)),
  algorithm: z.object({ scheme: z.string(), hash: z.string(), saltLength: z.optional(z.number()) }),
  /** Signature values in the order of `items` (ECDSA as Ecdsa-Sig-Value DER); fewer than `items` only with `stopped`. */
  signatures: z.array(base64Bytes(8 * 1024)),
  /**
   * Why the batch ended before its last item (the token was pulled out after some signatures):
   * `signatures` holds the first items' values, each whole and already in the audit log as
   * signed; the items after them were not signed.
   */
  stopped: z.optional(z.object({ code: z.enum(ERROR_CODES), detail: z.optional(z.string().check(z.maxLength(4096))) })),
});

export type SignatureAlgorithmChoiceParams = z.infer<typeof signatureAlgorithmChoiceSchema>;
export type SignItem = z.infer<typeof signItemSchema>;
export type SignDigestParams = z.infer<typeof signDigestParamsSchema>;
export type SignDigestResult = z.infer<typeof signDigestResultSchema>;
