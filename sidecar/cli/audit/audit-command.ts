import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { inputFileError } from "../../pdf-files/file-byte-source.js";
import type { CliCommand } from "../cli-io.js";
import { parseCliOptions } from "../cli-options.js";

const USAGE = "kyso audit verify|list [--file AUDIT.jsonl] [--limit N] [--json]";

/**
 * `kyso audit verify`: checks the hash chain of the audit log (exit 1 with AUDIT_LOG_TAMPERED
 * naming each broken line); `kyso audit list`: the newest records.
 */
export const auditCommand: CliCommand = {
  name: "audit",
  summary: { vi: "kiểm tra và xem nhật ký ký số (audit verify|list)", en: "check and show the signing audit log (audit verify|list)" },
  usage: {
    vi: `Cách dùng: ${USAGE}\n  verify  kiểm tra chuỗi băm: phát hiện dòng bị sửa, xóa hoặc đảo thứ tự (mã thoát 1)\n  list    các bản ghi mới nhất\n`,
    en: `Usage: ${USAGE}\n  verify  check the hash chain: edited, deleted or reordered lines (exit status 1)\n  list    the newest records\n`,
  },
  async run(context) {
    const parsed = parseCliOptions(context.args, { file: { type: "string" }, limit: { type: "string" }, json: { type: "boolean" } }, { usage: USAGE });
    const action = parsed.positionals[0];
    const { auditFilePath } = await import("../../host/state-paths.js");
    const file = parsed.values.file ?? auditFilePath();
    const vi = context.language === "vi";
    if (action === "list") {
      const { readAuditRecords } = await import("../../audit/audit-log.js");
      const limit = Number(parsed.values.limit ?? "20");
      if (!Number.isInteger(limit) || limit <= 0) throw new KysoError("CLI_USAGE", `--limit ${parsed.values.limit ?? ""}`);
      const records = readAuditRecords(file).reverse().slice(0, limit);
      if (parsed.values.json) context.stdout(`${JSON.stringify({ records }, null, 2)}\n`);
      // A mail record also names its outbox entry (kyso mail outbox --retry/--cancel ID).
      else for (const r of records) context.stdout(`${r.seq}  ${r.time}  ${r.action}  ${r.result}  ${r.origin}  ${r.documentName ?? ""}${r.mail ? `  ${r.mail.outboxId}` : ""}\n`);
      return 0;
    }
    if (action !== "verify") throw new KysoError("CLI_USAGE", USAGE);
    const { verifyAuditFile } = await import("../../audit/audit-verify.js");
    let verification;
    try {
      verification = verifyAuditFile(file);
    } catch (error) {
      throw inputFileError(file, error);
    }
    if (parsed.values.json) context.stdout(`${JSON.stringify({ file, ...verification }, null, 2)}\n`);
    else if (verification.ok) context.stdout(vi ? `Nhật ký nguyên vẹn: ${verification.records} bản ghi (${file}).\n` : `The audit log is intact: ${verification.records} records (${file}).\n`);
    if (verification.ok) return 0;
    const lines = verification.problems.map((p) => `${vi ? "dòng" : "line"} ${p.line}: ${p.kind} — ${p.detail}`);
    throw new KysoError("AUDIT_LOG_TAMPERED", `${file}: ${lines.join("; ")}`);
  },
};
