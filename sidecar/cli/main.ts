import { errorMessage } from "../../shared/protocol/error-messages.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import { SIDECAR_VERSION } from "../version.js";
import { errorText } from "./error-text.js";
import { COMMANDS } from "./commands.js";
import { renderHelp } from "./help-text.js";
import { pickLanguage } from "./language.js";

/** Exit code for a command line kyso cannot understand (sysexits EX_USAGE). */
export const EXIT_USAGE = 64;
export const EXIT_INTERNAL = 70;

/**
 * Entry point of `kyso`. Errors are printed as one line, `kyso: CODE: message (detail)`,
 * so that scripts can grep the code and people can read the message.
 */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { language, rest } = pickLanguage(argv, env);
  const stdout = (text: string) => void process.stdout.write(text);
  const stderr = (text: string) => void process.stderr.write(text);
  const [first, ...args] = rest;
  try {
    if (first === "--version" || first === "-v" || first === "version") {
      stdout(`${SIDECAR_VERSION}\n`);
      return 0;
    }
    if (first === undefined || first === "--help" || first === "-h" || first === "help") {
      stdout(renderHelp(COMMANDS, language));
      return 0;
    }
    const command = COMMANDS.find((c) => c.name === first);
    if (!command) throw new KysoError("CLI_USAGE", language === "vi" ? `không có lệnh "${first}"; xem: kyso --help` : `no command "${first}"; see: kyso --help`);
    if (args[0] === "--help" || args[0] === "-h") {
      stdout(`${command.usage?.[language] ?? `kyso ${command.name}: ${command.summary[language]}`}\n`);
      return 0;
    }
    return await command.run({ args, language, stdout, stderr });
  } catch (error) {
    if (error instanceof KysoError) {
      stderr(`kyso: ${error.code}: ${errorText(error, language)}\n`);
      return error.code === "CLI_USAGE" ? EXIT_USAGE : 1;
    }
    stderr(`kyso: INTERNAL_ERROR: ${errorMessage("INTERNAL_ERROR", language)} (${error instanceof Error ? error.message : String(error)})\n`);
    return EXIT_INTERNAL;
  }
}
