import * as z from "zod/mini";
import { base64Bytes } from "../wire-bytes.js";

/** `keys.list`: certificates on the tokens of the configured PKCS#11 modules, without a PIN. */
export const keysListParamsSchema = z.object({
  /** Modules to look in; the sidecar's configured and known modules when absent. */
  modulePaths: z.optional(z.array(z.string().check(z.maxLength(1024))).check(z.maxLength(16))),
});

export const certificateEntrySchema = z.object({
  /** The key source (sidecar/keys/key-source.ts), which is also the certificate id's URI scheme. */
  provider: z.enum(["pkcs11", "csc", "mss", "pkcs12"]),
  /** `pkcs11:` (RFC 7512), `csc:` or `mss:` URI selecting the key: the certificate id sign.digest takes. */
  certificateId: z.string().check(z.maxLength(2048)),
  tokenLabel: z.string().check(z.maxLength(256)),
  tokenSerial: z.string().check(z.maxLength(256)),
  subject: z.string().check(z.maxLength(4096)),
  issuer: z.string().check(z.maxLength(4096)),
  serialNumber: z.string().check(z.maxLength(128)),
  notBefore: z.string().check(z.maxLength(32)),
  notAfter: z.string().check(z.maxLength(32)),
  keyType: z.string().check(z.maxLength(32)),
  keySizeBits: z.optional(z.number().check(z.int(), z.positive())),
  /**
   * The certificate (DER) and its issuers on the same token: the extension builds the signed
   * attributes (signingCertificateV2) and sizes the placeholder before the batch's one sign.digest.
   */
  certificate: z.optional(base64Bytes(64 * 1024)),
  chain: z.optional(z.array(base64Bytes(64 * 1024)).check(z.maxLength(16))),
});

export const keysListResultSchema = z.object({
  certificates: z.array(certificateEntrySchema),
  /** Modules that could not be loaded, with the error code (PKCS11_MODULE_UNAVAILABLE). */
  unavailableModules: z.array(z.object({ modulePath: z.string(), code: z.string() })),
  /** CSC services and PKI SIM providers that could not be asked (REMOTE_SERVICE_UNREACHABLE, ...). */
  unavailableServices: z.optional(z.array(z.object({ provider: z.enum(["csc", "mss"]), source: z.string(), code: z.string() }))),
});

/**
 * `keys.watch`: answers `{ watching: true }` at once, then sends a `token` event for every
 * token inserted or removed until the request is cancelled or the port closes.
 */
export const keysWatchParamsSchema = z.object({
  modulePath: z.optional(z.string().check(z.maxLength(1024))),
  intervalMs: z.optional(z.number().check(z.int(), z.gte(200), z.lte(60_000))),
});

export const tokenEventSchema = z.object({
  kind: z.literal("token"),
  change: z.enum(["inserted", "removed"]),
  token: z.object({ slotId: z.string(), label: z.string(), serial: z.string(), manufacturer: z.string(), model: z.string() }),
});

export const keysWatchResultSchema = z.object({ watching: z.literal(true), present: z.number().check(z.int(), z.nonnegative()) });

export type KeysListParams = z.infer<typeof keysListParamsSchema>;
export type CertificateEntry = z.infer<typeof certificateEntrySchema>;
export type KeysListResult = z.infer<typeof keysListResultSchema>;
export type KeysWatchParams = z.infer<typeof keysWatchParamsSchema>;
export type TokenEvent = z.infer<typeof tokenEventSchema>;
export type KeysWatchResult = z.infer<typeof keysWatchResultSchema>;
