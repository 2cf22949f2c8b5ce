import type * as z from "zod/mini";
import { helloParamsSchema, helloResultSchema } from "./handshake.js";
import { auditListParamsSchema, auditListResultSchema } from "./methods/audit.js";
import { blobGetParamsSchema, blobGetResultSchema, blobPutParamsSchema, blobPutResultSchema } from "./methods/blob.js";
import { cancelParamsSchema, cancelResultSchema } from "./methods/cancel.js";
import {
  mailAttachmentParamsSchema,
  mailAttachmentResultSchema,
  mailInboxParamsSchema,
  mailInboxResultSchema,
  mailOutboxParamsSchema,
  mailOutboxResultSchema,
  mailSendParamsSchema,
  mailSendResultSchema,
} from "./methods/mail.js";
import { keysListParamsSchema, keysListResultSchema, keysWatchParamsSchema, keysWatchResultSchema } from "./methods/keys.js";
import {
  revocationFetchParamsSchema,
  revocationFetchResultSchema,
  tsaTimestampParamsSchema,
  tsaTimestampResultSchema,
  validationGetParamsSchema,
  validationGetResultSchema,
  validationOcspParamsSchema,
  validationOcspResultSchema,
} from "./methods/network.js";
import { signDigestParamsSchema, signDigestResultSchema } from "./methods/sign.js";

/**
 * Every method the sidecar answers: its parameters and result, once. The background, the
 * host and the tests take their types from here (MethodParams<"sign.digest">), never from a
 * hand-written copy.
 */
export const METHODS = {
  hello: { params: helloParamsSchema, result: helloResultSchema },
  cancel: { params: cancelParamsSchema, result: cancelResultSchema },
  "keys.list": { params: keysListParamsSchema, result: keysListResultSchema },
  "keys.watch": { params: keysWatchParamsSchema, result: keysWatchResultSchema },
  "sign.digest": { params: signDigestParamsSchema, result: signDigestResultSchema },
  "tsa.timestamp": { params: tsaTimestampParamsSchema, result: tsaTimestampResultSchema },
  "revocation.fetch": { params: revocationFetchParamsSchema, result: revocationFetchResultSchema },
  "validation.get": { params: validationGetParamsSchema, result: validationGetResultSchema },
  "validation.ocsp": { params: validationOcspParamsSchema, result: validationOcspResultSchema },
  "blob.put": { params: blobPutParamsSchema, result: blobPutResultSchema },
  "blob.get": { params: blobGetParamsSchema, result: blobGetResultSchema },
  "audit.list": { params: auditListParamsSchema, result: auditListResultSchema },
  "mail.send": { params: mailSendParamsSchema, result: mailSendResultSchema },
  "mail.outbox": { params: mailOutboxParamsSchema, result: mailOutboxResultSchema },
  "mail.inbox": { params: mailInboxParamsSchema, result: mailInboxResultSchema },
  "mail.attachment": { params: mailAttachmentParamsSchema, result: mailAttachmentResultSchema },
} as const satisfies Record<string, { params: z.ZodMiniType; result: z.ZodMiniType }>;

/** `mail.*` (send, outbox, incoming, one attachment): the issue "Official mail" (methods/mail.ts). */
export const MAIL_METHOD_PREFIX = "mail.";

export type MethodName = keyof typeof METHODS;
export type MethodParams<M extends MethodName> = z.infer<(typeof METHODS)[M]["params"]>;
export type MethodResult<M extends MethodName> = z.infer<(typeof METHODS)[M]["result"]>;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(METHODS, name);
}
