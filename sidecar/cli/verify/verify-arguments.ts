import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { parseCliOptions } from "../cli-options.js";

export interface VerifyArguments {
  input: string;
  trustFiles: string[];
  offline: boolean;
  json: boolean;
}

/** `kyso verify FILE.pdf [--trust ROOT.pem …] [--offline] [--json]` (`--lang` is taken by the CLI). */
export function parseVerifyArguments(args: string[]): VerifyArguments {
  const { values, positionals } = parseCliOptions(args, { trust: { type: "string", multiple: true }, offline: { type: "boolean" }, json: { type: "boolean" } });
  if (positionals.length !== 1) throw new KysoError("CLI_USAGE", "kyso verify FILE.pdf [--trust ROOT.pem ...] [--offline] [--json] [--lang vi|en]");
  return { input: positionals[0]!, trustFiles: values.trust ?? [], offline: values.offline ?? false, json: values.json ?? false };
}
