import { parseArgs, type ParseArgsConfig } from "node:util";

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;
import { KysoError } from "../../shared/protocol/kyso-error.js";

/**
 * `node:util` parseArgs with positionals allowed and unknown options refused, its errors
 * turned into CLI_USAGE (exit 64) like every other usage mistake.
 */
export function parseCliOptions<const O extends OptionsConfig>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new KysoError("CLI_USAGE", error instanceof Error ? error.message : String(error), { cause: error });
  }
}
