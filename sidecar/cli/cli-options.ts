import { parseArgs, type ParseArgsConfig } from "node:util";

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;
import { KysoError } from "../../shared/protocol/kyso-error.js";

/**
 * `node:util` parseArgs with unknown options refused, its errors turned into CLI_USAGE
 * (exit 64) like every other usage mistake, after the command's `usage` line when given.
 * Positionals are allowed unless the command takes none.
 */
export function parseCliOptions<const O extends OptionsConfig>(args: string[], options: O, how: { usage?: string; allowPositionals?: boolean } = {}) {
  try {
    return parseArgs({ args, options, allowPositionals: how.allowPositionals ?? true, strict: true });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new KysoError("CLI_USAGE", how.usage === undefined ? detail : `${how.usage} (${detail})`, { cause: error });
  }
}
