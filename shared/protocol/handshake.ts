// zod/mini: the same validation as classic zod with tree-shakable functions, so the
// extension's service worker carries only the checks it uses (classic zod adds ~400 KB).
import * as z from "zod/mini";

/**
 * `hello`: the first message on a native port. The extension says which protocol version
 * it speaks; the sidecar answers with its own and what it can do.
 */
export const helloParamsSchema = z.object({
  protocolVersion: z.number().check(z.int(), z.positive()),
  extensionVersion: z.string().check(z.maxLength(64)),
  /**
   * The browser's storage.managed as it arrived (IT's policy, raw; the sidecar validates it).
   * On Windows (registry) and macOS (configuration profiles) this is the only way the browser's
   * policy reaches the sidecar; the sidecar layers it as browser policy. Sent again in a new
   * hello when the policy changes.
   */
  managedPolicy: z.optional(z.record(z.string(), z.unknown())),
});

export const helloResultSchema = z.object({
  protocolVersion: z.number().check(z.int(), z.positive()),
  sidecarVersion: z.string().check(z.maxLength(64)),
  capabilities: z.array(z.string().check(z.maxLength(64))).check(z.maxLength(64)),
  /**
   * SHA-256 (hex) of the settings the sidecar runs with, so the extension can tell that its
   * managed policy and the sidecar's configuration are the same one; "none" without any.
   */
  policyDigest: z.optional(z.string().check(z.maxLength(64))),
});

export type HelloParams = z.infer<typeof helloParamsSchema>;
export type HelloResult = z.infer<typeof helloResultSchema>;
