import type { AuditEntry } from "../audit/audit-chain.js";
import { appendAuditRecord } from "../audit/audit-log.js";
import type { HostServices } from "./host-services.js";

/**
 * Writes an audit record and, when configured, forwards it to the agency's syslog. A record
 * that cannot be written is logged loudly but does not undo a signature already made.
 */
export async function recordAudit(services: HostServices, entry: AuditEntry): Promise<void> {
  let record;
  try {
    record = appendAuditRecord(services.auditFile, entry);
  } catch (error) {
    services.log.error("audit.append-failed", { detail: error instanceof Error ? error.message : String(error) });
    return;
  }
  const target = services.config.syslog;
  if (!target) return;
  const { forwardToSyslog, formatSyslogMessage } = await import("../audit/syslog-forwarder.js");
  await forwardToSyslog(target, formatSyslogMessage(record, target.appName ? { appName: target.appName } : {})).catch((error: unknown) =>
    services.log.warn("audit.syslog-failed", { detail: error instanceof Error ? error.message : String(error) }),
  );
}
