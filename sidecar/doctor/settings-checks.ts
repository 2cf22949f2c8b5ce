import type { EffectiveSettings, SourceReport } from "../config/effective-settings.js";
import { ok, problem, type CheckResult } from "./doctor-check.js";

const RANK_NAMES = {
  "machine-policy": { vi: "chính sách máy", en: "machine policy" },
  "browser-policy": { vi: "chính sách trình duyệt", en: "browser policy" },
  "user-config": { vi: "cấu hình người dùng", en: "user config" },
} as const;

function brokenSource(report: SourceReport): CheckResult {
  return problem({
    id: "settings-source",
    status: "fail",
    message: { vi: `Không dùng được ${RANK_NAMES[report.rank].vi} ${report.source} (${report.detail ?? report.state})`, en: `Cannot use the ${RANK_NAMES[report.rank].en} ${report.source} (${report.detail ?? report.state})` },
    fix: { vi: `Sửa tệp cho đúng JSON, kiểm tra bằng: kyso policy check ${report.source}`, en: `Make the file valid JSON; check it with: kyso policy check ${report.source}` },
    data: { ...report },
  });
}

/**
 * Doctor's view of the settings: which sources were read, how many values each gave, and
 * every invalid value with its source (kyso uses the next source's value or the default).
 */
export function checkSettings(effective: EffectiveSettings): CheckResult[] {
  const results: CheckResult[] = effective.sources.filter((s) => s.state === "unreadable" || s.state === "not-json").map(brokenSource);
  const counts = new Map<string, number>();
  for (const source of Object.values(effective.sourceOf)) counts.set(source, (counts.get(source) ?? 0) + 1);
  const used = effective.sources.filter((s) => s.state === "read").map((s) => `${s.source} (${counts.get(s.source) ?? 0})`);
  const data = { sourceOf: effective.sourceOf, sources: effective.sources };
  results.push(
    used.length === 0
      ? ok("settings", { vi: "Không có chính sách hay cấu hình nào: dùng thiết lập mặc định", en: "No policy or config: using the default settings" }, data)
      : ok("settings", { vi: `Thiết lập lấy từ: ${used.join(", ")}; còn lại là mặc định`, en: `Settings from: ${used.join(", ")}; defaults for the rest` }, data),
  );
  for (const source of new Set(effective.problems.map((p) => p.source))) {
    const found = effective.problems.filter((p) => p.source === source);
    results.push(problem({
      id: "settings-invalid",
      status: "warn",
      message: {
        vi: `${source}: ${found.length} thiết lập không hợp lệ — ${found.map((p) => `${p.path}: ${p.message.vi}`).join("; ")}`,
        en: `${source}: ${found.length} invalid setting(s) — ${found.map((p) => `${p.path}: ${p.message.en}`).join("; ")}`,
      },
      fix: { vi: "Sửa các giá trị này; đến lúc đó kyso dùng giá trị của nguồn thấp hơn hoặc mặc định", en: "Correct these values; until then kyso uses the next source's value or the default" },
      data: { source, problems: found },
    }));
  }
  return results;
}
