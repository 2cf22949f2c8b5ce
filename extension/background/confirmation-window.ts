import browser from "webextension-polyfill";
import {
  confirmationIdOfPort,
  fromConfirmWindowSchema,
  toConfirmWindowSchema,
  type ConfirmDecide,
  type ConfirmRequestBody,
  type ToConfirmWindow,
} from "../../shared/protocol/confirmation.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";

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
  const fromConfirmPage = port.sender?.id === browser.runtime.id && port.sender.url?.startsWith(browser.runtime.getURL(CONFIRM_PAGE)) === true;
  if (!session || session.port || session.ended || !fromConfirmPage) {
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

function post(session: Session, message: ToConfirmWindow): void {
  const checked = toConfirmWindowSchema.parse(message);
  try {
    session.port?.postMessage(checked);
  } catch {
    // The window is gone; its disconnect ends the session.
  }
}

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

  static async open(request: ConfirmRequestBody, signal: AbortSignal): Promise<ConfirmationWindow> {
    const id = crypto.randomUUID();
    const session: Session = { request, decisions: [] };
    sessions.set(id, session);
    const confirmation = new ConfirmationWindow(id, session);
    signal.addEventListener("abort", () => end(session, new KysoError("CANCELLED", "the page went away")), { once: true });
    const created = await browser.windows.create({ url: browser.runtime.getURL(`${CONFIRM_PAGE}?id=${id}`), type: "popup", focused: true, ...WINDOW_SIZE });
    if (created.id !== undefined) session.windowId = created.id;
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
    post(this.session, message);
  }

  /** Forgets the session; the window stays open to show the result until the person closes it. */
  finish(): void {
    end(this.session, new KysoError("CANCELLED", "finished"));
    sessions.delete(this.id);
  }

  /** Closes the window (cancelled before it showed anything useful). */
  async close(): Promise<void> {
    this.finish();
    if (this.session.windowId !== undefined) await browser.windows.remove(this.session.windowId).catch(() => undefined);
  }
}
