import * as z from "zod/mini";
import { ERROR_CODES } from "./error-codes.js";

/**
 * Every message on the native port, either way, is one JSON object with the protocol version
 * `v` and the request `id` it belongs to. Requests name a `method`; the answers are exactly
 * one `result` or `error`, after any number of `event`s (progress, token inserted/removed).
 * A message the host would send over the browser's 1 MiB cap is split into `chunk`s of its
 * JSON text (see message-limits.ts), joined by the receiver before parsing.
 */
export const requestIdSchema = z.string().check(z.minLength(1), z.maxLength(64));

export const methodNameSchema = z.string().check(z.minLength(1), z.maxLength(64));

export const requestEnvelopeSchema = z.object({
  v: z.number().check(z.int(), z.positive()),
  id: requestIdSchema,
  method: methodNameSchema,
  params: z.optional(z.unknown()),
});

export const wireErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  /** Technical detail for logs and support, never shown as the message (the code maps to _locales). */
  detail: z.optional(z.string().check(z.maxLength(4096))),
  /** PIN tries left when the token says so (PIN_INCORRECT). */
  retriesLeft: z.optional(z.number().check(z.int(), z.nonnegative())),
});

export const resultMessageSchema = z.object({ v: z.number(), id: requestIdSchema, result: z.unknown() });

/** `id` is null when the message it answers had no readable id (not JSON, no envelope). */
export const errorMessageSchema = z.object({ v: z.number(), id: z.nullable(requestIdSchema), error: wireErrorSchema });

export const progressEventSchema = z.object({
  kind: z.literal("progress"),
  /** Items finished so far and in total (documents of a batch, bytes of a transfer). */
  done: z.number().check(z.int(), z.nonnegative()),
  total: z.number().check(z.int(), z.nonnegative()),
  stage: z.optional(z.string().check(z.maxLength(64))),
});

/**
 * A remote key waits for the person's phone (CSC v2 service, PKI SIM), then was approved: the
 * confirmation window shows "confirm on your phone: code XXXX" with the service's name.
 */
export const approvalEventSchema = z.object({
  kind: z.literal("approval"),
  state: z.enum(["awaiting", "approved"]),
  provider: z.enum(["csc", "mss"]),
  /** The short transaction code the phone also shows. */
  code: z.optional(z.string().check(z.maxLength(32))),
  serviceName: z.optional(z.string().check(z.maxLength(255))),
  /** ISO 8601: when kyso stops waiting. */
  expiresAt: z.optional(z.string().check(z.maxLength(32))),
});

export const eventMessageSchema = z.object({ v: z.number(), id: requestIdSchema, event: z.unknown() });

export const chunkMessageSchema = z.object({
  v: z.number(),
  id: z.nullable(requestIdSchema),
  chunk: z.object({
    index: z.number().check(z.int(), z.nonnegative()),
    count: z.number().check(z.int(), z.positive()),
    /** A slice of the whole message's JSON text. */
    text: z.string(),
  }),
});

export const hostMessageSchema = z.union([resultMessageSchema, errorMessageSchema, eventMessageSchema, chunkMessageSchema]);

export type RequestEnvelope = z.infer<typeof requestEnvelopeSchema>;
export type WireError = z.infer<typeof wireErrorSchema>;
export type ResultMessage = z.infer<typeof resultMessageSchema>;
export type ErrorMessage = z.infer<typeof errorMessageSchema>;
export type ProgressEvent = z.infer<typeof progressEventSchema>;
export type ApprovalEvent = z.infer<typeof approvalEventSchema>;
export type EventMessage = z.infer<typeof eventMessageSchema>;
export type ChunkMessage = z.infer<typeof chunkMessageSchema>;
export type HostMessage = z.infer<typeof hostMessageSchema>;
