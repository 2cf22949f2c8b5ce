import browser from "webextension-polyfill";
import { schemaIssuesText } from "../../shared/protocol/schema-issues.js";
import { asKysoError, KysoError } from "../../shared/protocol/kyso-error.js";
import { linkDocumentSchema, PAGE_PORT_NAME, portMailRequestSchema, portSignRequestSchema, portToBackgroundSchema, type PortMailRequest, type PortSignRequest, type PortToContent } from "../../shared/protocol/page-api.js";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.js";
import { currentSettings, portalFor, type PortalPolicy } from "./policy-settings.js";
import type { SidecarConnection } from "./sidecar-connection.js";
import { runMailFlow } from "./mail-flow.js";
import { runSignFlow, type SignFlowContext } from "./sign-flow.js";
import { runVerifyFlow } from "./verify-flow.js";
import type { KysoSettings } from "../../shared/policy/settings.js";

/** Tabs with a signing operation in flight: one at a time per tab. */
const busyTabs = new Set<number>();

interface Requester {
  /** From the browser (the port's sender), never from the page's payload. */
  origin: string;
  frameUrl: string;
  tabId: number;
}

/** sender.origin where the browser gives it (Chromium); the frame URL's origin otherwise (Firefox). */
function requesterOf(port: browser.Runtime.Port): Requester | undefined {
  // Chromium's sender.origin (Chrome 80+) is not in the polyfill's types.
  const sender: (browser.Runtime.MessageSender & { origin?: string }) | undefined = port.sender;
  if (!sender || sender.id !== browser.runtime.id || sender.tab?.id === undefined || !sender.url) return undefined;
  let origin = sender.origin;
  try {
    origin ??= new URL(sender.url).origin;
  } catch {
    return undefined;
  }
  return { origin, frameUrl: sender.url, tabId: sender.tab.id };
}

function pageError(error: unknown): { code: KysoError["code"]; message: string } {
  if (!(error instanceof KysoError)) console.error("kyso: page request failed", error);
  const kyso = asKysoError(error);
  return { code: kyso.code, message: browser.i18n.getMessage(`error_${kyso.code}`) || kyso.message };
}

function parsedRequest<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, params: unknown): T {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new KysoError("BAD_REQUEST", schemaIssuesText(parsed.error.issues));
  return parsed.data;
}

function linkOf(params: unknown, method: string): PortSignRequest["documents"][number] {
  const link = linkDocumentSchema.safeParse(params);
  if (!link.success) throw new KysoError("BAD_REQUEST", `${method} takes { url, name? }`);
  return link.data;
}

async function exclusiveForTab<T>(tabId: number, work: () => Promise<T>): Promise<T> {
  if (busyTabs.has(tabId)) throw new KysoError("OPERATION_IN_PROGRESS", `tab ${tabId}`);
  busyTabs.add(tabId);
  try {
    return await work();
  } finally {
    busyTabs.delete(tabId);
  }
}

async function answer(options: { method: string; params: unknown; requester: Requester; portal: PortalPolicy; settings: KysoSettings; sidecar: SidecarConnection; signal: AbortSignal; progress: SignFlowContext["onProgress"] }): Promise<unknown> {
  const { requester, settings } = options;
  const flowContext = (): SignFlowContext => ({
    origin: requester.origin,
    frameUrl: requester.frameUrl,
    portal: options.portal,
    settings,
    sidecar: options.sidecar,
    signal: options.signal,
    onProgress: options.progress,
  });
  switch (options.method) {
    case "version": {
      const status = await options.sidecar.status();
      return { extension: browser.runtime.getManifest().version, ...(status.state === "connected" ? { sidecar: status.hello.sidecarVersion } : {}), protocol: PROTOCOL_VERSION };
    }
    case "sign": {
      const request = parsedRequest<PortSignRequest>(portSignRequestSchema, options.params);
      return exclusiveForTab(requester.tabId, () => runSignFlow(request, flowContext()));
    }
    case "sign-link": {
      // The content script's own "Ký số" button: the policy's default profile, one document.
      const profile = settings.signing.defaultProfile;
      const request: PortSignRequest = { documents: [linkOf(options.params, "sign-link")], profile: profile === "invisible" ? "approval" : profile };
      return exclusiveForTab(requester.tabId, () => runSignFlow(request, flowContext(), profile));
    }
    case "mail": {
      const request = parsedRequest<PortMailRequest>(portMailRequestSchema, options.params);
      return exclusiveForTab(requester.tabId, () => runMailFlow(request, flowContext()));
    }
    case "mail-link":
      // The content script's own "Gửi thư" button: the document as it is, into the compose window.
      return exclusiveForTab(requester.tabId, () => runMailFlow({ documents: [linkOf(options.params, "mail-link")] }, flowContext()));
    case "portal-policy":
      // The content script's own settings at document_start (legacy endpoints, PDF selectors), from the background's cache.
      return options.portal;
    case "verify":
      return runVerifyFlow(options.params, { origin: requester.origin, frameUrl: requester.frameUrl, portal: options.portal, settings, sidecar: options.sidecar, signal: options.signal });
    default:
      throw new KysoError("BAD_REQUEST", `unknown method ${options.method}`);
  }
}

/**
 * A content script's port (one per frame of an allowed portal). Every request is checked
 * against the policy as it is now, with the origin the browser reports for the frame.
 */
export function acceptPagePort(port: browser.Runtime.Port, sidecar: SidecarConnection): boolean {
  if (port.name !== PAGE_PORT_NAME) return false;
  const requester = requesterOf(port);
  if (!requester) {
    port.disconnect();
    return true;
  }
  const inFlight = new Map<string, AbortController>();
  const post = (message: PortToContent) => {
    try {
      port.postMessage(message);
    } catch {
      // The frame is gone.
    }
  };
  port.onDisconnect.addListener(() => {
    for (const controller of inFlight.values()) controller.abort(new KysoError("CANCELLED", "the page went away"));
    inFlight.clear();
  });
  port.onMessage.addListener((message: unknown) => {
    const parsed = portToBackgroundSchema.safeParse(message);
    if (!parsed.success) return;
    const frame = parsed.data;
    if (frame.type === "cancel") {
      inFlight.get(frame.id)?.abort(new KysoError("CANCELLED", "cancelled by the page"));
      return;
    }
    if (inFlight.has(frame.id)) return post({ type: "response", id: frame.id, ok: false, error: pageError(new KysoError("BAD_REQUEST", "duplicate request id")) });
    const controller = new AbortController();
    inFlight.set(frame.id, controller);
    void (async () => {
      try {
        const { settings } = await currentSettings();
        const portal = portalFor(settings, requester.origin);
        if (!portal) throw new KysoError("ORIGIN_NOT_ALLOWED", requester.origin);
        const progress: SignFlowContext["onProgress"] = ({ done, total, stage }) => post({ type: "progress", id: frame.id, done, total, stage });
        const result = await answer({ method: frame.method, params: frame.params, requester, portal, settings, sidecar, signal: controller.signal, progress });
        post({ type: "response", id: frame.id, ok: true, result });
      } catch (error) {
        const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
        post({ type: "response", id: frame.id, ok: false, error: pageError(reason) });
      } finally {
        inFlight.delete(frame.id);
      }
    })();
  });
  return true;
}
