import browser from "webextension-polyfill";
import { errorCodeOf } from "../../shared/protocol/kyso-error.js";
import { fromPopupSchema, POPUP_PORT_NAME, POPUP_RECENT_RECORDS, type FromPopup, type PopupSidecar, type ToPopup } from "../../shared/protocol/popup.js";
import { fromExtensionPage } from "./extension-page-port.js";
import { listedCertificate, listKeys } from "./certificate-listing.js";
import { serveAttachmentReport } from "./mail/attachment-report-route.js";
import { decideOutbox, postInbox, postOutbox, verifyAttachment, type PopupMailContext } from "./mail/popup-mail.js";
import type { SidecarConnection, SidecarState } from "./sidecar-connection.js";

/**
 * The background side of the toolbar popup (shared/protocol/popup.ts), registered in the
 * service worker's onConnect with one line. Over the background's own sidecar connection it
 * sends the connection state, then the certificates (keys.list, the policy's PKCS#11 modules, as
 * the confirmation window lists them), the recent audit records, the outbox and the incoming
 * mail with PDFs (background/mail/popup-mail.ts), each as soon as it is known. Closing the popup
 * cancels what is still running (a slow token module). The attachment report page, opened from
 * the popup, uses the same port name and gets only its one report.
 */
const POPUP_PAGE = "popup/popup.html";
const ATTACHMENT_REPORT_PAGE = "popup/attachment-report.html";

function sidecarView(state: SidecarState): PopupSidecar {
  switch (state.state) {
    case "connected":
      return { state: "connected", sidecarVersion: state.hello.sidecarVersion, protocolVersion: state.hello.protocolVersion };
    case "outdated":
      return { state: "outdated", ...(state.sidecarVersion ? { sidecarVersion: state.sidecarVersion } : {}) };
    default:
      return { state: "unavailable", reason: state.reason.slice(0, 1024) };
  }
}

function servePopup(port: browser.Runtime.Port, sidecar: SidecarConnection): void {
  let running: AbortController | undefined;
  let open = true;
  const post = (message: ToPopup) => {
    if (!open) return;
    try {
      port.postMessage(message);
    } catch {
      // The popup closed while we answered.
    }
  };

  async function refresh(): Promise<void> {
    running?.abort();
    const controller = new AbortController();
    running = controller;
    const state = await sidecar.status();
    post({ type: "popup.status", sidecar: sidecarView(state) });
    if (state.state !== "connected" || controller.signal.aborted) return;
    const options = { signal: controller.signal };
    const mail: PopupMailContext = { sidecar, post, signal: controller.signal };
    await Promise.all([
      postOutbox(mail),
      postInbox(mail),
      listKeys(sidecar, options).then(
        ({ certificates, unavailableModules, unavailableServices }) =>
          post({
            type: "popup.keys",
            certificates: certificates.map(listedCertificate),
            unavailableModules,
            ...(unavailableServices ? { unavailableServices } : {}),
          }),
        (error: unknown) => post({ type: "popup.error", part: "keys", code: errorCodeOf(error) }),
      ),
      sidecar.request("audit.list", { limit: POPUP_RECENT_RECORDS }, options).then(
        ({ records }) => post({ type: "popup.audit", records }),
        (error: unknown) => post({ type: "popup.error", part: "audit", code: errorCodeOf(error) }),
      ),
    ]);
  }

  const run = () => void refresh().catch((error: unknown) => console.error("kyso: popup refresh failed", error));
  /** The person's clicks: not cancelled by a refresh, only by closing the popup. */
  const clicks = new AbortController();
  const act = (message: FromPopup) => {
    const mail: PopupMailContext = { sidecar, post, signal: clicks.signal };
    switch (message.type) {
      case "popup.refresh":
        return run();
      case "popup.outbox.retry":
        return void decideOutbox(mail, { action: "retry", id: message.id });
      case "popup.outbox.cancel":
        return void decideOutbox(mail, { action: "cancel", id: message.id });
      case "popup.attachment.verify":
        return void verifyAttachment(mail, message.attachment);
    }
  };
  port.onMessage.addListener((message: unknown) => {
    const parsed = fromPopupSchema.safeParse(message);
    if (parsed.success) act(parsed.data);
  });
  port.onDisconnect.addListener(() => {
    open = false;
    running?.abort();
    clicks.abort();
  });
  run();
}

/** Serves a `popup` port from the extension's own popup page; refuses one from anywhere else. */
export function acceptPopupPort(port: browser.Runtime.Port, sidecar: SidecarConnection): boolean {
  if (port.name !== POPUP_PORT_NAME) return false;
  if (fromExtensionPage(port, POPUP_PAGE)) servePopup(port, sidecar);
  else if (fromExtensionPage(port, ATTACHMENT_REPORT_PAGE)) serveAttachmentReport(port, sidecar);
  else port.disconnect();
  return true;
}
