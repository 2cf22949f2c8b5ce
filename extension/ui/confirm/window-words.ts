import browser from "webextension-polyfill";
import type { ErrorCode } from "../../../shared/protocol/error-codes.js";
import type { Words } from "./certificate-label.js";

/** The window's words in the browser's language (vi by default), from the extension's _locales. */
export const words: Words = (key, substitutions) => browser.i18n.getMessage(key, substitutions);

/** An error code in words (error_<CODE> comes from shared/protocol/error-messages.ts at build time). */
export const errorWords = (code: ErrorCode) => words(`error_${code}`);

/**
 * The language the messages are written in: the browser's when kyso has it, else Vietnamese
 * (default_locale). Numbers and dates follow it so the window never mixes two languages.
 */
export const messageLanguage = () => words("confirm_language") || "vi";

/** Fills `data-i18n` (text) and `data-i18n-title` (tooltip and accessible name) under `root`. */
export function localise(root: ParentNode): void {
  for (const element of root.querySelectorAll<HTMLElement>("[data-i18n]")) element.textContent = words(element.dataset.i18n ?? "");
  for (const element of root.querySelectorAll<HTMLElement>("[data-i18n-title]")) {
    const text = words(element.dataset.i18nTitle ?? "");
    element.title = text;
    element.setAttribute("aria-label", text);
  }
  document.documentElement.lang = messageLanguage();
}

/** Sizes as people read them, with the language's decimal separator ("1,2 MB" in Vietnamese). */
export function fileSize(bytes: number): string {
  const [value, unit] = bytes >= 1_048_576 ? [bytes / 1_048_576, "megabyte"] : bytes >= 1024 ? [bytes / 1024, "kilobyte"] : [bytes, "byte"];
  return new Intl.NumberFormat(messageLanguage(), { style: "unit", unit, maximumFractionDigits: 1 }).format(value);
}
