import type { Language } from "../../shared/protocol/error-messages.js";

/**
 * Vietnamese unless asked otherwise: `--lang en`, or an English locale in KYSO_LANG / LANG.
 * Returns the language and the arguments without `--lang X`.
 */
export function pickLanguage(args: readonly string[], env: NodeJS.ProcessEnv): { language: Language; rest: string[] } {
  const rest: string[] = [];
  let language: Language | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    const inline = /^--lang=(vi|en)$/.exec(arg);
    if (inline) language = inline[1] as Language;
    else if (arg === "--lang" && (args[i + 1] === "vi" || args[i + 1] === "en")) {
      language = args[i + 1] as Language;
      i += 1;
    } else rest.push(arg);
  }
  const fromEnv = (env.KYSO_LANG ?? env.LANG ?? "").toLowerCase();
  return { language: language ?? (fromEnv.startsWith("en") ? "en" : "vi"), rest };
}
