import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { validateSettings } from "../../../shared/policy/validate-settings.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { CliContext } from "../cli-io.js";
import { parseCliOptions } from "../cli-options.js";
import { DEFAULT_INSTALL_SOURCES } from "../../config/browser-policy-targets.js";
import { policyTemplateFiles } from "./templates/policy-template-files.js";
import { problemLines, readPolicyFileArgument } from "./policy-file-input.js";

const URL_PATTERN = /^https?:\/\/\S+$/;

function urlOption(value: string | undefined, fallback: string, name: string): string {
  if (value === undefined) return fallback;
  if (!URL_PATTERN.test(value)) throw new KysoError("CLI_USAGE", `--${name}: ${value} is not an http(s) URL`);
  return value;
}

/**
 * `kyso policy templates --out DIR [--example FILE.json]`: every template, each setting with
 * the example's value or its default. An example with invalid values is refused (listing
 * them), so that IT never ships a template kyso would partly ignore.
 */
export async function runTemplates(context: CliContext): Promise<number> {
  const { values, positionals } = parseCliOptions(context.args, {
    out: { type: "string" },
    example: { type: "string" },
    "chrome-update-url": { type: "string" },
    "edge-update-url": { type: "string" },
    "firefox-install-url": { type: "string" },
  });
  if (values.out === undefined || positionals.length > 0) throw new KysoError("CLI_USAGE", "kyso policy templates --out DIR [--example FILE.json]");
  const { language } = context;
  const example = values.example === undefined ? undefined : readPolicyFileArgument(values.example, language).raw;
  const { settings, problems } = validateSettings(example);
  if (problems.length > 0) {
    context.stderr(problemLines(problems, language));
    context.stderr(language === "vi" ? `Không tạo mẫu: ${values.example ?? ""} có thiết lập không hợp lệ (xem trên).\n` : `No templates written: ${values.example ?? ""} has invalid settings (see above).\n`);
    return 1;
  }
  const sources = {
    chromeUpdateUrl: urlOption(values["chrome-update-url"], DEFAULT_INSTALL_SOURCES.chromeUpdateUrl, "chrome-update-url"),
    edgeUpdateUrl: urlOption(values["edge-update-url"], DEFAULT_INSTALL_SOURCES.edgeUpdateUrl, "edge-update-url"),
    firefoxInstallUrl: urlOption(values["firefox-install-url"], DEFAULT_INSTALL_SOURCES.firefoxInstallUrl, "firefox-install-url"),
  };
  const outDir = resolve(values.out);
  const files = policyTemplateFiles(settings, sources);
  for (const file of files) {
    const path = join(outDir, ...file.path.split("/"));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.contents);
  }
  context.stdout(`${files.map((file) => `${file.path}\n`).join("")}${language === "vi" ? `Đã ghi ${files.length} tệp vào ${outDir}` : `Wrote ${files.length} files to ${outDir}`}\n`);
  return 0;
}
