import browser from "webextension-polyfill";
import { acceptComposePort } from "./compose-window.js";
import { acceptConfirmationPort } from "./confirmation-window.js";
import { acceptPagePort } from "./page-requests.js";
import { acceptPopupPort } from "./popup-route.js";
import { applyPageScripts } from "./page-script-registration.js";
import { currentSettings, lastReadManagedPolicy, onSettingsChanged } from "./policy-settings.js";
import { SidecarConnection } from "./sidecar-connection.js";

/**
 * Background of the extension (MV3 service worker in Chromium, event page in Firefox): the
 * one native port to the sidecar, the policy, the scripts registered on allowed portals, the
 * page API requests and the confirmation windows. Listeners are added synchronously at start,
 * as MV3 requires for events that wake the worker.
 */
const sidecar = new SidecarConnection(undefined, lastReadManagedPolicy);

const POLICY_RETRY_MS = 5_000;

let syncing: Promise<void> = Promise.resolve();

/**
 * Reads the settings and registers the scripts they call for, one run after the other: a
 * read that started before a change must never be applied after the read that saw it.
 */
function syncPageScripts(): Promise<void> {
  syncing = syncing.then(async () => {
    // Also fills the settings cache that content scripts and page requests read from.
    const { settings, problems, policyPending } = await currentSettings();
    if (problems.length > 0) console.warn("kyso: policy problems", problems);
    await applyPageScripts(settings);
    if (policyPending) setTimeout(() => void syncPageScripts(), POLICY_RETRY_MS);
  }).catch((error: unknown) => console.error("kyso: applying the settings failed", error));
  return syncing;
}

// A changed policy also reaches a connected sidecar (a new hello carries it).
onSettingsChanged(() => void syncPageScripts().then(() => sidecar.sendPolicy()));
browser.runtime.onStartup.addListener(() => void syncPageScripts());
browser.runtime.onInstalled.addListener(() => void syncPageScripts());
void syncPageScripts();

browser.runtime.onConnect.addListener((port) => {
  if (acceptConfirmationPort(port)) return;
  if (acceptComposePort(port)) return;
  if (acceptPagePort(port, sidecar)) return;
  if (acceptPopupPort(port, sidecar)) return;
  port.disconnect();
});
