import * as z from "zod/mini";
import { sha256HexSchema } from "../wire-bytes.js";

/** One audit record as stored (sidecar/audit): a signature or a mail, hash-chained. */
export const auditRecordSchema = z.object({
  seq: z.number().check(z.int(), z.positive()),
  time: z.string(),
  action: z.enum(["sign", "mail"]),
  /** The operating-system user the sidecar runs as. */
  who: z.string(),
  certificate: z.optional(z.object({ subject: z.string(), serialNumber: z.string(), issuer: z.string() })),
  origin: z.string(),
  documentName: z.optional(z.string()),
  documentSha256: z.optional(sha256HexSchema),
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
