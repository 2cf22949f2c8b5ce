import { parseArgs } from "node:util";
import { KysoError } from "../../../shared/protocol/kyso-error.js";

export interface VerifyArguments {
  input: string;
  trustFiles: string[];
  offline: boolean;
  json: boolean;
}

/** `kyso verify FILE.pdf [--trust ROOT.pem …] [--offline] [--json]` (`--lang` is taken by the CLI). */
export function parseVerifyArguments(args: string[]): VerifyArguments {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { trust: { type: "string", multiple: true }, offline: { type: "boolean" }, json: { type: "boolean" } } });
  } catch (error) {
    throw new KysoError("CLI_USAGE", error instanceof Error ? error.message : String(error), { cause: error });
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new KysoError("CLI_USAGE", "kyso verify FILE.pdf [--trust ROOT.pem ...] [--offline] [--json] [--lang vi|en]");
  return { input: positionals[0]!, trustFiles: values.trust ?? [], offline: values.offline ?? false, json: values.json ?? false };
}
