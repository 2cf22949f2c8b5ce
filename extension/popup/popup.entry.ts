import browser from "webextension-polyfill";
import type { SidecarStatus } from "../background/native-hello.js";

function localise(root: ParentNode): void {
  for (const element of root.querySelectorAll<HTMLElement>("[data-i18n]")) {
    element.textContent = browser.i18n.getMessage(element.dataset.i18n ?? "");
  }
}

async function showStatus(): Promise<void> {
  localise(document);
  document.getElementById("extension-version")!.textContent = browser.i18n.getMessage("popupExtensionVersion", browser.runtime.getManifest().version);
  const statusElement = document.getElementById("sidecar-status")!;
  const reply = await browser.runtime.sendMessage<{ type: string }, SidecarStatus | undefined>({ type: "kyso.sidecarStatus" });
  const status: SidecarStatus = reply ?? { state: "missing", reason: "no answer from the background" };
  statusElement.dataset.state = status.state;
  statusElement.textContent =
    status.state === "connected" ? browser.i18n.getMessage("popupSidecarConnected", status.hello.sidecarVersion) : browser.i18n.getMessage("popupSidecarMissing");
}

void showStatus();
