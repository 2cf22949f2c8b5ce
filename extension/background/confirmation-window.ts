import browser from "webextension-polyfill";
import {
  confirmationIdOfPort,
  fromConfirmWindowSchema,
  toConfirmWindowSchema,
  type ConfirmDecide,
  type ConfirmRequestBody,
  type ToConfirmWindow,
} from "../../shared/protocol/confirmation.js";
import { errorCodeOf, KysoError } from "../../shared/protocol/kyso-error.js";
import { fromExtensionPage } from "./extension-page-port.js";

const CONFIRM_PAGE = "ui/confirm/confirm.html";
/** The window must load and connect within this; a person then has all the time they need. */
const CONNECT_TIMEOUT_MS = 30_000;
const WINDOW_SIZE = { width: 960, height: 760 };

interface Session {
  request: ConfirmRequestBody;
  port?: browser.Runtime.Port;
  windowId?: number;
  decisions: ConfirmDecide[];
  waiter?: { resolve: (decision: ConfirmDecide) => void; reject: (error: Error) => void };
  ended?: KysoError;
  /** The window has been told how it ends (confirm.done, or an error it cannot retry from). */
  outcomeShown?: boolean;
}

const sessions = new Map<string, Session>();

function end(session: Session, error: KysoError): void {
  session.ended ??= error;
  session.waiter?.reject(session.ended);
  session.waiter = undefined;
}

/** Routes a `confirm:<id>` port from the extension's own confirmation page to its session. */
export function acceptConfirmationPort(port: browser.Runtime.Port): boolean {
  const id = confirmationIdOfPort(port.name);
  if (id === undefined) return false;
  const session = sessions.get(id);
  if (!session || session.port || session.ended || !fromExtensionPage(port, CONFIRM_PAGE)) {
    port.disconnect();
    return true;
  }
  session.port = port;
  port.onMessage.addListener((message: unknown) => {
    const parsed = fromConfirmWindowSchema.safeParse(message);
    if (!parsed.success) return;
    if (parsed.data.type === "confirm.cancel") return end(session, new KysoError("CANCELLED", "cancelled in the confirmation window"));
    if (session.waiter) {
      session.waiter.resolve(parsed.data);
      session.waiter = undefined;
    } else {
      session.decisions.push(parsed.data);
    }
  });
  // Closing the window is cancelling (contract §2).
  port.onDisconnect.addListener(() => end(session, new KysoError("CANCELLED", "the confirmation window was closed")));
  post(session, { type: "confirm.request", request: session.request });
  return true;
}

/** A message the window can act on; false when it was not sent (not connected, gone, or not valid for the protocol). */
function post(session: Session, message: ToConfirmWindow): boolean {
  const checked = toConfirmWindowSchema.safeParse(message);
  if (!checked.success) {
    console.error("kyso: a confirmation message does not match the protocol", checked.error.message);
    return false;
  }
  if (!session.port) return false;
  try {
    session.port.postMessage(checked.data);
    return true;
  } catch {
    // The window is gone; its disconnect ends the session.
    return false;
  }
}

/** Messages after which the window has nothing left to do but show them (confirm-ui's main()). */
const isOutcome = (message: ToConfirmWindow) => message.type === "confirm.done" || (message.type === "confirm.error" && !(message.code === "PIN_INCORRECT" && message.retriesLeft !== 0));

/**
 * The trusted confirmation (ARCHITECTURE.md security rule 1): an extension page in its own
 * window that the requesting page cannot script, showing the site, the documents, the profile
 * and the certificates. Nothing is signed before a `confirm.decide` arrives from it.
 */
export class ConfirmationWindow {
  private constructor(
    private readonly id: string,
    private readonly session: Session,
  ) {}

  /**
   * Opens the window for `request`. When `signal` aborts (the requesting tab closed or
   * navigated away, or the page cancelled) the window closes at once, without waiting for
   * the flow to wind down (a token may still be busy with a signature nobody will receive).
   */
  static async open(request: ConfirmRequestBody, signal: AbortSignal): Promise<ConfirmationWindow> {
    // A page that went away while its documents were fetched gets no window at all.
    signal.throwIfAborted();
    const id = crypto.randomUUID();
    const session: Session = { request, decisions: [] };
    sessions.set(id, session);
    const confirmation = new ConfirmationWindow(id, session);
    signal.addEventListener(
      "abort",
      () => {
        end(session, new KysoError("CANCELLED", "the page went away"));
        void confirmation.close();
      },
      { once: true },
    );
    const created = await browser.windows.create({ url: browser.runtime.getURL(`${CONFIRM_PAGE}?id=${id}`), type: "popup", focused: true, ...WINDOW_SIZE });
    if (created.id !== undefined) session.windowId = created.id;
    // Aborted while the window was being created: close() above had no window id yet.
    if (signal.aborted) await confirmation.close();
    setTimeout(() => {
      if (!session.port) end(session, new KysoError("INTERNAL_ERROR", "the confirmation window did not connect"));
    }, CONNECT_TIMEOUT_MS);
    return confirmation;
  }

  /** The person's next decision (the first, or a retry after a wrong PIN); CANCELLED when they cancel or close. */
  nextDecision(): Promise<ConfirmDecide> {
    const queued = this.session.decisions.shift();
    if (queued) return Promise.resolve(queued);
    if (this.session.ended) return Promise.reject(this.session.ended);
    return new Promise((resolve, reject) => (this.session.waiter = { resolve, reject }));
  }

  send(message: ToConfirmWindow): void {
    if (post(this.session, message) && isOutcome(message)) this.session.outcomeShown = true;
  }

  /**
   * Forgets the session; the window stays open to show the result until the person closes
   * it. A flow that ended without telling the window (it failed with `failure`) tells it now,
   * so that no window is left showing progress or a PIN field for a request that is over;
   * the port is then closed (the window knows nothing more will come).
   */
  finish(failure?: unknown): void {
    const { session } = this;
    if (!session.outcomeShown) {
      const code = errorCodeOf(failure);
      this.send({ type: "confirm.error", code, message: failure instanceof Error ? failure.message.slice(0, 1000) : code });
    }
    end(session, new KysoError("CANCELLED", "finished"));
    sessions.delete(this.id);
    try {
      session.port?.disconnect();
    } catch {
      // Already closed.
    }
  }

  /** Closes the window (the requesting page is gone: there is no one to show a result to). */
  async close(): Promise<void> {
    end(this.session, new KysoError("CANCELLED", "closed"));
    sessions.delete(this.id);
    const { windowId } = this.session;
    this.session.windowId = undefined;
    if (windowId !== undefined) await browser.windows.remove(windowId).catch(() => undefined);
  }
}
