import * as z from "zod/mini";
import { sha256HexSchema } from "../wire-bytes.js";

/** The origin of a record made by `kyso` on the command line, which has no web page behind it. */
export const CLI_AUDIT_ORIGIN = "cli";

/** One audit record as stored (sidecar/audit): a signature or a mail, hash-chained. */
export const auditRecordSchema = z.object({
  seq: z.number().check(z.int(), z.positive()),
  time: z.string(),
  action: z.enum(["sign", "mail"]),
  /** The operating-system user the sidecar runs as. */
  who: z.string(),
  certificate: z.optional(z.object({ subject: z.string(), serialNumber: z.string(), issuer: z.string() })),
  /** The requesting page's origin, or CLI_AUDIT_ORIGIN. */
  origin: z.string(),
  documentName: z.optional(z.string()),
  /** The document as it was before signing (what the person chose), for a sign record; the first attachment for a mail. */
  documentSha256: z.optional(sha256HexSchema),
  /**
   * A sign record by `kyso sign`: the signed file as written. The native host never sees the
   * signed file (the extension assembles it), so its records have none.
   */
  signedSha256: z.optional(sha256HexSchema),
  /**
   * A mail record's message: its outbox entry and Message-ID (which the agency's mail server
   * logs with the full envelope), how many recipients at which domains — not their addresses,
   * which the record and its syslog copy do not need (data minimisation, Decree 13/2023/NĐ-CP) —
   * and the SHA-256 of every attachment when the record is the one that queued it. Records
   * written before these fields existed carry the outbox id in documentName and still verify.
   */
  mail: z.optional(
    z.object({
      outboxId: z.string().check(z.maxLength(64)),
      messageId: z.string().check(z.maxLength(998)),
      recipientCount: z.number().check(z.int(), z.nonnegative()),
      recipientDomains: z.array(z.string().check(z.maxLength(255))),
      attachmentsSha256: z.optional(z.array(sha256HexSchema)),
    }),
  ),
  result: z.union([z.literal("ok"), z.string()]),
  prevHash: sha256HexSchema,
  hash: sha256HexSchema,
});

/** `audit.list`: the newest records first, `limit` of them, before `beforeSeq` when given. */
export const auditListParamsSchema = z.object({
  limit: z.number().check(z.int(), z.positive(), z.lte(500)),
  beforeSeq: z.optional(z.number().check(z.int(), z.positive())),
});

export const auditListResultSchema = z.object({ records: z.array(auditRecordSchema) });

export type AuditRecord = z.infer<typeof auditRecordSchema>;
export type AuditListParams = z.infer<typeof auditListParamsSchema>;
export type AuditListResult = z.infer<typeof auditListResultSchema>;
