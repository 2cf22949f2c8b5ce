import type { MethodHandler } from "../method-context.js";

/** audit.list: newest first. */
export const auditList: MethodHandler<"audit.list"> = async (params, context) => {
  const { readAuditRecords } = await import("../../audit/audit-log.js");
  const records = readAuditRecords(context.services.auditFile)
    .filter((record) => params.beforeSeq === undefined || record.seq < params.beforeSeq)
    .reverse()
    .slice(0, params.limit);
  return { records };
};
