import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { Language } from "../../../shared/protocol/error-messages.js";
import type { SettingProblem } from "../../../shared/policy/validate-settings.js";
import { readJsonFile } from "../../config/json-file.js";
import { settingsInPolicyFile, type PolicyFileFormat } from "../../config/policy-file-formats.js";

/** A policy file named on the command line: its settings, or a typed error saying why not. */
export function readPolicyFileArgument(file: string, language: Language): { format: PolicyFileFormat; raw: unknown } {
  const read = readJsonFile(file);
  if (read.state === "missing") throw new KysoError("FILE_NOT_FOUND", file);
  if (read.state === "unreadable") throw new KysoError("FILE_UNREADABLE", `${file}: ${read.detail}`);
  if (read.state === "read") return settingsInPolicyFile(read.value);
  throw new KysoError("BAD_REQUEST", language === "vi" ? `${file} không phải JSON: ${read.detail}` : `${file} is not JSON: ${read.detail}`);
}

/** One line per problem: "✘ signing.level: phải là một trong: B-B, B-T, B-LT, B-LTA". */
export const problemLines = (problems: readonly SettingProblem[], language: Language) =>
  problems.map((found) => `✘ ${found.path || "(gốc / root)"}: ${found.message[language]}\n`).join("");
