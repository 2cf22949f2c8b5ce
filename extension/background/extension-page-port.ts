import browser from "webextension-polyfill";

/**
 * Whether a runtime port was opened by one of the extension's own pages (`page`, its path in
 * the package), also when that page is opened in a tab; a content script's sender URL is the
 * web page's, so no portal can pass for a kyso window.
 */
export function fromExtensionPage(port: browser.Runtime.Port, page: string): boolean {
  return port.sender?.id === browser.runtime.id && port.sender.url?.startsWith(browser.runtime.getURL(page)) === true;
}
