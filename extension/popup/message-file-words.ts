import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Words } from "../ui/confirm/certificate-label.js";

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

/**
 * For tests in Node: chrome.i18n's substitution over the popup's message files ($NAME$ → its
 * placeholder's $n). An error_* name is not in these files and answers "" as chrome.i18n does
 * for an unknown name; any other missing name shows up as "[missing …]".
 */
export function wordsOf(language: "vi" | "en"): Words {
  const messages = JSON.parse(readFileSync(join(import.meta.dirname, `messages.${language}.json`), "utf8")) as Messages;
  return (key, substitutions = []) => {
    const entry = messages[key];
    if (!entry) return key.startsWith("error_") ? "" : `[missing ${key}]`;
    return entry.message.replace(/\$(\w+)\$/g, (_, name: string) => {
      const position = Number(entry.placeholders?.[name.toLowerCase()]?.content.slice(1));
      return substitutions[position - 1] ?? "";
    });
  };
}
