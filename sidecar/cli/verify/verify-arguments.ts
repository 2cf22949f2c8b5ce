import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { parseCliOptions } from "../cli-options.js";

export interface VerifyArguments {
  input: string;
  trustFiles: string[];
  offline: boolean;
  json: boolean;
  /** Also write the report as a self-contained HTML file here. */
  htmlFile?: string;
}

const USAGE = "kyso verify FILE.pdf [--trust ROOT.pem ...] [--offline] [--json] [--html REPORT.html] [--lang vi|en]";

/** `kyso verify FILE.pdf [--trust ROOT.pem …] [--offline] [--json] [--html REPORT.html]` (`--lang` is taken by the CLI). */
export function parseVerifyArguments(args: string[]): VerifyArguments {
  const { values, positionals } = parseCliOptions(args, { trust: { type: "string", multiple: true }, offline: { type: "boolean" }, json: { type: "boolean" }, html: { type: "string" } });
  if (positionals.length !== 1) throw new KysoError("CLI_USAGE", USAGE);
  return { input: positionals[0]!, trustFiles: values.trust ?? [], offline: values.offline ?? false, json: values.json ?? false, ...(values.html === undefined ? {} : { htmlFile: values.html }) };
}
