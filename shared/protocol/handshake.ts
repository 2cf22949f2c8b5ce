import { z } from "zod";

/**
 * `hello`: the first message on a native port. The extension says which protocol version
 * it speaks; the sidecar answers with its own and what it can do.
 */
export const helloParamsSchema = z.object({
  protocolVersion: z.number().int().positive(),
  extensionVersion: z.string().max(64),
});

export const helloResultSchema = z.object({
  protocolVersion: z.number().int().positive(),
  sidecarVersion: z.string().max(64),
  capabilities: z.array(z.string().max(64)).max(64),
});

export type HelloParams = z.infer<typeof helloParamsSchema>;
export type HelloResult = z.infer<typeof helloResultSchema>;
