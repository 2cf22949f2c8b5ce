import browser from "webextension-polyfill";
import { helloResultSchema, type HelloResult } from "../../shared/protocol/handshake.js";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.js";
import { NATIVE_HOST_NAME } from "../../shared/extension-identity.js";

export type SidecarStatus = { state: "connected"; hello: HelloResult } | { state: "missing"; reason: string };

/**
 * Asks the sidecar for its handshake over a short-lived port. (The long-lived port, request
 * ids and reconnection belong to the background's native port module, issue "Sidecar host".)
 */
export async function checkSidecar(timeoutMs = 3000): Promise<SidecarStatus> {
  let port: browser.Runtime.Port;
  try {
    port = browser.runtime.connectNative(NATIVE_HOST_NAME);
  } catch (error) {
    return { state: "missing", reason: String(error) };
  }
  return new Promise<SidecarStatus>((resolve) => {
    const timer = setTimeout(() => finish({ state: "missing", reason: "timeout" }), timeoutMs);
    function finish(status: SidecarStatus) {
      clearTimeout(timer);
      port.disconnect();
      resolve(status);
    }
    port.onDisconnect.addListener((p) => finish({ state: "missing", reason: p.error?.message ?? browser.runtime.lastError?.message ?? "disconnected" }));
    port.onMessage.addListener((message: unknown) => {
      const reply = helloResultSchema.safeParse((message as { result?: unknown } | null)?.result);
      finish(reply.success ? { state: "connected", hello: reply.data } : { state: "missing", reason: "bad handshake" });
    });
    port.postMessage({ v: PROTOCOL_VERSION, id: "hello-1", method: "hello", params: { protocolVersion: PROTOCOL_VERSION, extensionVersion: browser.runtime.getManifest().version } });
  });
}
