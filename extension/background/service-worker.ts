import browser from "webextension-polyfill";
import { checkSidecar } from "./native-hello.js";

/**
 * Background of the extension (MV3 service worker in Chromium, event page in Firefox).
 * For now it answers the popup's status question; the signing flow, policy and the
 * long-lived native port arrive with their issues.
 */
browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
  // Only the extension's own pages may ask; content scripts have a tab, pages of ours do not.
  if (sender.id !== browser.runtime.id || sender.tab) return undefined;
  if ((message as { type?: unknown } | null)?.type === "kyso.sidecarStatus") return checkSidecar();
  return undefined;
});
