import type { AuditEntry } from "./audit-chain.js";
import { appendAuditRecord } from "./audit-log.js";
import type { SyslogTarget } from "./syslog-forwarder.js";

/** Where records go: the local hash-chained file, and the agency's syslog when one is configured. */
export interface AuditDestination {
  auditFile: string;
  syslog?: SyslogTarget | undefined;
  /**
   * Told what went wrong, in the caller's own way (the host's log file, the CLI's stderr): a
   * record that cannot be written does not undo a signature already made, and a record that
   * cannot be forwarded stays in the file, which is the record of truth.
   */
  onProblem: (problem: { kind: "append-failed" | "syslog-failed"; detail: string }) => void;
}

const detailOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Appends one record (ARCHITECTURE.md security rule 7) and forwards it to syslog when
 * configured. Shared by the native host and the CLI, so both write the same chain in the same
 * file and the SOC sees every signature and mail whichever of them made it.
 */
export async function recordAuditEntry(destination: AuditDestination, entry: AuditEntry): Promise<void> {
  let record;
  try {
    record = appendAuditRecord(destination.auditFile, entry);
  } catch (error) {
    destination.onProblem({ kind: "append-failed", detail: detailOf(error) });
    return;
  }
  const target = destination.syslog;
  if (!target) return;
  const { forwardToSyslog, formatSyslogMessage } = await import("./syslog-forwarder.js");
  await forwardToSyslog(target, formatSyslogMessage(record, target.appName ? { appName: target.appName } : {})).catch((error: unknown) =>
    destination.onProblem({ kind: "syslog-failed", detail: detailOf(error) }),
  );
}
