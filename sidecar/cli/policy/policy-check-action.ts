import { validateSettings } from "../../../shared/policy/validate-settings.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { CliContext } from "../cli-io.js";
import { parseCliOptions } from "../cli-options.js";
import { problemLines, readPolicyFileArgument } from "./policy-file-input.js";

const FORMAT_NAMES = {
  settings: { vi: "tệp thiết lập kyso", en: "kyso settings file" },
  "chromium-managed": { vi: "chính sách Chrome/Edge/Chromium", en: "Chrome/Edge/Chromium policy" },
  "firefox-policies": { vi: "policies.json của Firefox", en: "Firefox policies.json" },
} as const;

/** `kyso policy check FILE.json`: every invalid value with its path, in the user's language; exit 1 if any. */
export function runCheck(context: CliContext): number {
  const { positionals, values } = parseCliOptions(context.args, { json: { type: "boolean" } });
  const [file] = positionals;
  if (file === undefined || positionals.length > 1) throw new KysoError("CLI_USAGE", "kyso policy check FILE.json");
  const { language } = context;
  const { format, raw } = readPolicyFileArgument(file, language);
  const { problems } = raw === undefined ? { problems: [] } : validateSettings(raw);
  if (values.json) {
    context.stdout(`${JSON.stringify({ file, format, hasKysoSettings: raw !== undefined, problems }, null, 2)}\n`);
    return problems.length === 0 ? 0 : 1;
  }
  const kind = FORMAT_NAMES[format][language];
  if (raw === undefined) {
    context.stdout(language === "vi" ? `${file} (${kind}) không có thiết lập nào cho kyso.\n` : `${file} (${kind}) holds no kyso settings.\n`);
    return 0;
  }
  if (problems.length === 0) {
    context.stdout(language === "vi" ? `✔ ${file} (${kind}): mọi thiết lập đều hợp lệ.\n` : `✔ ${file} (${kind}): every setting is valid.\n`);
    return 0;
  }
  context.stdout(problemLines(problems, language));
  context.stdout(
    language === "vi"
      ? `\n${file} (${kind}): ${problems.length} thiết lập không hợp lệ; kyso sẽ dùng giá trị mặc định cho chúng.\n`
      : `\n${file} (${kind}): ${problems.length} invalid setting(s); kyso uses the defaults for them.\n`,
  );
  return 1;
}
