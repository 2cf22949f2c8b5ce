import type { HandlerLoaders } from "./method-context.js";

/**
 * Each method's module, imported on first use: the entry chunk holds only the framing, the
 * session and hello, so the first answer does not wait for PKCS#11, pkijs or mail code.
 */
export const HANDLER_LOADERS: HandlerLoaders = {
  "keys.list": async () => (await import("./methods/keys-list.js")).keysList,
  "keys.watch": async () => (await import("./methods/keys-watch.js")).keysWatch,
  "sign.digest": async () => (await import("./methods/sign-digest.js")).signDigest,
  "tsa.timestamp": async () => (await import("./methods/network.js")).tsaTimestamp,
  "revocation.fetch": async () => (await import("./methods/network.js")).revocationFetch,
  "validation.get": async () => (await import("./methods/network.js")).validationGet,
  "validation.ocsp": async () => (await import("./methods/network.js")).validationOcsp,
  "blob.put": async () => (await import("./methods/blob.js")).blobPut,
  "blob.get": async () => (await import("./methods/blob.js")).blobGet,
  "audit.list": async () => (await import("./methods/audit-list.js")).auditList,
  "mail.send": async () => (await import("./methods/mail-send.js")).mailSend,
  "mail.outbox": async () => (await import("./methods/mail-outbox.js")).mailOutbox,
  "mail.inbox": async () => (await import("./methods/mail-inbox.js")).mailInbox,
  "mail.attachment": async () => (await import("./methods/mail-inbox.js")).mailAttachment,
};
