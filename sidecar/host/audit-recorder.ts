import type { AuditEntry } from "../audit/audit-chain.js";
import { recordAuditEntry } from "../audit/audit-recorder.js";
import type { HostServices } from "./host-services.js";

/**
 * Writes an audit record and, when configured, forwards it to the agency's syslog. A record
 * that cannot be written is logged loudly but does not undo a signature already made.
 */
export function recordAudit(services: HostServices, entry: AuditEntry): Promise<void> {
  return recordAuditEntry({
    auditFile: services.auditFile,
    syslog: services.config.syslog,
    onProblem: ({ kind, detail }) => {
      if (kind === "append-failed") services.log.error("audit.append-failed", { detail });
      else services.log.warn("audit.syslog-failed", { detail });
    },
  }, entry);
}
