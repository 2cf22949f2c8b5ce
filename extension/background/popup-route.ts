import browser from "webextension-polyfill";
import { isErrorCode, type ErrorCode } from "../../shared/protocol/error-codes.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import type { CertificateEntry } from "../../shared/protocol/methods/keys.js";
import { fromPopupSchema, POPUP_PORT_NAME, POPUP_RECENT_RECORDS, type PopupCertificate, type PopupSidecar, type ToPopup } from "../../shared/protocol/popup.js";
import { loadSettings } from "./policy-settings.js";
import type { SidecarConnection, SidecarState } from "./sidecar-connection.js";

/**
 * The background side of the toolbar popup (shared/protocol/popup.ts), registered in the
 * service worker's onConnect with one line. Over the background's own sidecar connection it
 * sends the connection state, then the certificates (keys.list, the policy's PKCS#11 modules, as
 * the confirmation window lists them) and the recent audit records, each as soon as it is known.
 * Closing the popup cancels what is still running (a slow token module).
 */
const POPUP_PAGE = "popup/popup.html";

function fromPopupPage(port: browser.Runtime.Port): boolean {
  // Also when the popup page is opened in a tab; a content script's sender URL is the web page's.
  return port.sender?.id === browser.runtime.id && port.sender.url?.startsWith(browser.runtime.getURL(POPUP_PAGE)) === true;
}

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

/** The PKCS#11 modules policy names for this OS; the sidecar's own list when it names none. */
async function policyModulePaths(): Promise<string[] | undefined> {
  const [{ settings }, { os }] = await Promise.all([loadSettings(), browser.runtime.getPlatformInfo()]);
  const byOs = { win: settings.keys.pkcs11ModulesWindows, mac: settings.keys.pkcs11ModulesMacos } as Partial<Record<string, string[]>>;
  const listed = (byOs[os] ?? settings.keys.pkcs11ModulesLinux).filter((path) => path !== "");
  return listed.length > 0 ? listed : undefined;
}

/** The entry without its DER: the popup shows who and until when, and has no use for the bytes. */
function listedCertificate(entry: CertificateEntry): PopupCertificate {
  const listed: CertificateEntry = { ...entry };
  delete listed.certificate;
  delete listed.chain;
  return listed;
}

function errorCodeOf(error: unknown): ErrorCode {
  if (error instanceof KysoError) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && isErrorCode(code) ? code : "INTERNAL_ERROR";
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
    const modulePaths = await policyModulePaths();
    await Promise.all([
      sidecar.request("keys.list", modulePaths ? { modulePaths } : {}, options).then(
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
  port.onMessage.addListener((message: unknown) => {
    if (fromPopupSchema.safeParse(message).success) run();
  });
  port.onDisconnect.addListener(() => {
    open = false;
    running?.abort();
  });
  run();
}

/** Serves a `popup` port from the extension's own popup page; refuses one from anywhere else. */
export function acceptPopupPort(port: browser.Runtime.Port, sidecar: SidecarConnection): boolean {
  if (port.name !== POPUP_PORT_NAME) return false;
  if (fromPopupPage(port)) servePopup(port, sidecar);
  else port.disconnect();
  return true;
}
