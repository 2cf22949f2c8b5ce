import browser from "webextension-polyfill";
import type { Language } from "../../shared/protocol/error-messages.js";

/** A page's words in the browser's language (Vietnamese by default), from the extension's _locales. */
export const words = (key: string, substitutions?: string | string[]): string => browser.i18n.getMessage(key, substitutions);

/**
 * The language kyso's messages are written in: the browser's when kyso has it, else Vietnamese
 * (default_locale). Numbers, dates and report text follow it, so a page never mixes two languages.
 */
export const messagesLanguage = (): Language => (words("messagesLanguage") === "en" ? "en" : "vi");

/**
 * Fills an extension page's text from its markup under `root`: `data-i18n` (text),
 * `data-i18n-title` (tooltip and accessible name), `data-i18n-placeholder`; and sets the
 * document's language for screen readers and hyphenation.
 */
export function localisePage(root: ParentNode = document): void {
  for (const element of root.querySelectorAll<HTMLElement>("[data-i18n]")) element.textContent = words(element.dataset.i18n ?? "");
  for (const element of root.querySelectorAll<HTMLElement>("[data-i18n-title]")) {
    const text = words(element.dataset.i18nTitle ?? "");
    element.title = text;
    element.setAttribute("aria-label", text);
  }
  for (const element of root.querySelectorAll<HTMLInputElement>("[data-i18n-placeholder]")) element.placeholder = words(element.dataset.i18nPlaceholder ?? "");
  document.documentElement.lang = messagesLanguage();
}
