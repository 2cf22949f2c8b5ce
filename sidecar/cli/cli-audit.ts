import { userInfo } from "node:os";
import { CLI_AUDIT_ORIGIN } from "../../shared/protocol/methods/audit.js";
import type { AuditEntry } from "../audit/audit-chain.js";
import type { AuditActor } from "../audit/audit-entries.js";
import type { SyslogTarget } from "../audit/syslog-forwarder.js";
import type { CliContext } from "./cli-io.js";

/** What a CLI command records with: who it runs as, and where each record goes. */
export interface CliAudit {
  actor: AuditActor;
  record(entry: AuditEntry): Promise<void>;
}

/**
 * The syslog target the native host would forward to: the same loader (host-config.ts) over
 * the same sources — the config file (KYSO_CONFIG, or the command's --config), then kyso's
 * machine policy and the browsers' policy files. Only the policy an extension hands the host
 * at hello (storage.managed) is out of the CLI's reach; on Windows and macOS IT sets the
 * machine policy file too (effective-settings.ts). A config that cannot be read leaves the
 * record local, and says so.
 */
async function syslogTarget(context: CliContext, configFile: string | undefined): Promise<SyslogTarget | undefined> {
  const { loadHostConfig } = await import("../host/host-config.js");
  try {
    // undefined takes the default, configFilePath().
    return loadHostConfig(configFile).config.syslog;
  } catch (error) {
    context.stderr(context.language === "vi"
      ? `kyso: cảnh báo: nhật ký kiểm toán chỉ ghi trên máy này, không chuyển tới syslog: ${error instanceof Error ? error.message : String(error)}\n`
      : `kyso: warning: the audit record stays on this machine, not forwarded to syslog: ${error instanceof Error ? error.message : String(error)}\n`);
    return undefined;
  }
}

/**
 * The audit log the CLI writes (ARCHITECTURE.md security rule 7): the host's file
 * (state-paths.ts auditFilePath, so KYSO_STATE_DIR moves it), the same hash chain and the same
 * syslog forwarding, so that the popup, `kyso audit` and the SOC see CLI signatures and mails
 * beside the browser's. A record that cannot be written or forwarded is a warning on stderr:
 * the signature or mail already made stands.
 */
export async function openCliAudit(context: CliContext, options: { configFile?: string | undefined } = {}): Promise<CliAudit> {
  const { recordAuditEntry } = await import("../audit/audit-recorder.js");
  const { auditFilePath } = await import("../host/state-paths.js");
  const auditFile = auditFilePath();
  const syslog = await syslogTarget(context, options.configFile);
  const warning = context.language === "vi" ? "cảnh báo" : "warning";
  return {
    actor: { who: userInfo().username, origin: CLI_AUDIT_ORIGIN },
    record: (entry) => recordAuditEntry({
      auditFile,
      syslog,
      onProblem: ({ kind, detail }) => context.stderr(`kyso: ${warning}: ${kind === "append-failed" ? `audit ${auditFile}` : "syslog"}: ${detail}\n`),
    }, entry),
  };
}
