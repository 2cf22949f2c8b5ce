import browser from "webextension-polyfill";
import { checkSidecar } from "./native-hello.js";

/**
 * Background of the extension (MV3 service worker in Chromium, event page in Firefox).
 * For now it answers the popup's status question; the signing flow, policy and the
 * long-lived native port arrive with their issues.
 */
browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
  // Only the extension's own pages may ask (popup, options, report — also when opened in a
  // tab); content scripts run in web pages, whose URL is not under the extension's origin.
  if (sender.id !== browser.runtime.id || !sender.url?.startsWith(browser.runtime.getURL(""))) return undefined;
  if ((message as { type?: unknown } | null)?.type === "kyso.sidecarStatus") return checkSidecar();
  return undefined;
});
