import browser from "webextension-polyfill";
import { schemaIssuesText } from "../../shared/protocol/schema-issues.js";
import { composeRequestSchema, type ComposeOutboxView, type ComposeRequest, type ToComposeWindow } from "../../shared/protocol/compose.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import type { MailResult } from "../../shared/protocol/page-api.js";
import { listedCertificate, listKeys } from "./certificate-listing.js";
import { fromExtensionPage } from "./extension-page-port.js";
import { composeIdOfPort, serveComposePort, type ComposePort, type ComposeSidecar } from "./mail/compose-route.js";

const COMPOSE_PAGE = "ui/compose/compose.html";
/** The window must load and connect within this; the person then takes the time they need. */
const CONNECT_TIMEOUT_MS = 30_000;
const WINDOW_SIZE = { width: 820, height: 760 };

interface ComposeSession {
  request: ComposeRequest;
  documents: Uint8Array[];
  sidecar: ComposeSidecar;
  connected: boolean;
  outbox?: ComposeOutboxView;
  settle(result: { outbox: ComposeOutboxView } | { error: KysoError }): void;
}

const sessions = new Map<string, ComposeSession>();

const resultOf = (outbox: ComposeOutboxView): MailResult => ({ outbox: { id: outbox.id, state: outbox.state } });

/**
 * Routes a `compose:<id>` port from the extension's own compose page to its session and hands
 * it to the mail helper's compose route (extension/background/mail/compose-route.ts), watching
 * what the route tells the window so that the page's promise learns the outbox outcome.
 */
export function acceptComposePort(port: browser.Runtime.Port): boolean {
  const id = composeIdOfPort(port.name);
  if (id === undefined) return false;
  const session = sessions.get(id);
  if (!session || session.connected || !fromExtensionPage(port, COMPOSE_PAGE)) {
    port.disconnect();
    return true;
  }
  session.connected = true;
  const watched: ComposePort = {
    name: port.name,
    postMessage: (message) => {
      const sent = message as ToComposeWindow;
      if (sent.type === "compose.outbox") {
        session.outbox = sent.entry;
        // Accepted by the server: the page may go on; the window keeps showing the Sent copy's state.
        if (sent.entry.state === "accepted") session.settle({ outbox: sent.entry });
      }
      port.postMessage(message);
    },
    onMessage: port.onMessage,
    onDisconnect: port.onDisconnect,
  };
  port.onDisconnect.addListener(() => {
    sessions.delete(id);
    session.settle(session.outbox ? { outbox: session.outbox } : { error: new KysoError("CANCELLED", "the compose window was closed without sending") });
  });
  const listCertificates = async () => (await listKeys(session.sidecar)).certificates.map(listedCertificate);
  serveComposePort(watched, { request: session.request, documentBytes: (index) => Promise.resolve(session.documents[index]!), sidecar: session.sidecar, listCertificates });
  return true;
}

/**
 * Opens the compose window ("Gửi thư") with `documents` attached and the prefill of `request`;
 * resolves with the outbox entry once the server accepted the message (or with its last state
 * when the window closes after a send), rejects with CANCELLED when it closes unsent.
 */
export async function openComposeWindow(options: { request: ComposeRequest; documents: Uint8Array[]; sidecar: ComposeSidecar; signal: AbortSignal }): Promise<MailResult> {
  const checked = composeRequestSchema.safeParse(options.request);
  if (!checked.success) throw new KysoError("BAD_REQUEST", schemaIssuesText(checked.error.issues));
  const id = crypto.randomUUID();
  const outcome = new Promise<MailResult>((resolve, reject) => {
    let settled = false;
    const session: ComposeSession = {
      request: checked.data,
      documents: options.documents,
      sidecar: options.sidecar,
      connected: false,
      settle: (result) => {
        if (settled) return;
        settled = true;
        if ("error" in result) reject(result.error);
        else resolve(resultOf(result.outbox));
      },
    };
    sessions.set(id, session);
    setTimeout(() => {
      if (session.connected) return;
      sessions.delete(id);
      session.settle({ error: new KysoError("INTERNAL_ERROR", "the compose window did not connect") });
    }, CONNECT_TIMEOUT_MS);
    // The page went away: its promise is gone, the window stays with the person.
    options.signal.addEventListener("abort", () => session.settle({ error: new KysoError("CANCELLED", "the page went away") }), { once: true });
  });
  await browser.windows.create({ url: browser.runtime.getURL(`${COMPOSE_PAGE}?id=${id}`), type: "popup", focused: true, ...WINDOW_SIZE });
  return outcome;
}
