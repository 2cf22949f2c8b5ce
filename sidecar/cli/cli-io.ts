import type { Language } from "../../shared/protocol/error-messages.js";

/** What a command may touch: its arguments, output streams and the user's language. */
export interface CliContext {
  args: string[];
  language: Language;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface CliCommand {
  name: string;
  summary: Record<Language, string>;
  /** What `kyso <command> --help` prints: usage and options, Vietnamese and English. */
  usage?: Record<Language, string>;
  /** Resolves with the process exit code. */
  run(context: CliContext): Promise<number>;
}
