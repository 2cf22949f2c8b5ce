import browser, { type Tabs } from "webextension-polyfill";

/**
 * Closes the confirmation. The background opens it as a popup window of one tab, so removing
 * the tab closes the window; window.close() is the fallback where there is no tab (the page
 * was opened some other way) — script may not always close a window it did not open.
 */
export async function closeConfirmationWindow(): Promise<void> {
  try {
    // Undefined outside a tab, whatever the type says.
    const tab = (await browser.tabs.getCurrent()) as Tabs.Tab | undefined;
    if (tab?.id !== undefined) {
      await browser.tabs.remove(tab.id);
      return;
    }
  } catch {
    // fall through
  }
  window.close();
}
