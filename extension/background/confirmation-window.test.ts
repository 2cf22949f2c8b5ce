import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ConfirmRequestBody, ToConfirmWindow } from "../../shared/protocol/confirmation.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";

/**
 * The background's side of the confirmation window with the browser's windows API and the
 * window's port replaced by recorders: what the window is told, and when it is closed. The
 * real window and browser run the same code in test/e2e/confirm-window-lifecycle.test.ts.
 */
const browserState = vi.hoisted(() => ({ created: 0, removed: [] as number[], nextWindowId: 40 }));

vi.mock("webextension-polyfill", () => ({
  default: {
    runtime: { id: "kyso-test", getURL: (path: string) => `chrome-extension://kyso-test/${path}` },
    windows: {
      create: () => {
        browserState.created += 1;
        return Promise.resolve({ id: browserState.nextWindowId++ });
      },
      remove: (id: number) => {
        browserState.removed.push(id);
        return Promise.resolve();
      },
    },
  },
}));

const { ConfirmationWindow, acceptConfirmationPort } = await import("./confirmation-window.js");

const request: ConfirmRequestBody = { origin: "https://vanban.example.gov.vn", profile: "approval", pinMode: "pin", certificates: [], documents: [{ index: 0, name: "cong-van.pdf", pageCount: 1, sizeBytes: 1000 }] };

/** The window's end of the port: what it received and whether the background let go of it. */
function windowPort(confirmationId: string) {
  const port = {
    name: `confirm:${confirmationId}`,
    sender: { id: "kyso-test", url: `chrome-extension://kyso-test/ui/confirm/confirm.html?id=${confirmationId}` },
    received: [] as ToConfirmWindow[],
    disconnected: false,
    postMessage: (message: ToConfirmWindow) => {
      if (port.disconnected) throw new Error("Attempting to use a disconnected port object");
      port.received.push(message);
    },
    disconnect: () => (port.disconnected = true),
    onMessage: { addListener: () => undefined },
    onDisconnect: { addListener: () => undefined },
  };
  return port;
}

/** Opens a confirmation and connects its window, as the extension page does on load. */
async function openConnected(signal = new AbortController().signal) {
  const confirmation = await ConfirmationWindow.open(request, signal);
  // The id the background put in the window's URL (a private field, read here as the page reads its query).
  const { id } = confirmation as unknown as { id: string };
  const port = windowPort(id);
  acceptConfirmationPort(port as never);
  return { confirmation, port };
}

beforeEach(() => {
  Object.assign(browserState, { created: 0, removed: [], nextWindowId: 40 });
});

describe("confirmation window lifecycle (background side)", () => {
  it("tells a window the flow left without an outcome why it ended, then lets go of its port", async () => {
    const { confirmation, port } = await openConnected();
    confirmation.send({ type: "confirm.progress", done: 0, total: 1, stage: "signing" });
    confirmation.finish(new KysoError("SIDECAR_UNAVAILABLE", "the native port closed"));
    expect(port.received.map((message) => message.type)).toEqual(["confirm.request", "confirm.progress", "confirm.error"]);
    expect(port.received.at(-1)).toMatchObject({ type: "confirm.error", code: "SIDECAR_UNAVAILABLE" });
    expect(port.disconnected).toBe(true);
    // The window stays, showing the error, for the person to read and close.
    expect(browserState.removed).toEqual([]);
  });

  it("adds nothing after the result the window already shows", async () => {
    const { confirmation, port } = await openConnected();
    confirmation.send({ type: "confirm.done", results: [{ name: "cong-van.pdf", ok: false, code: "UPLOAD_FAILED" }] });
    confirmation.finish();
    expect(port.received.map((message) => message.type)).toEqual(["confirm.request", "confirm.done"]);
    expect(port.disconnected).toBe(true);
  });

  it("keeps a wrong PIN from counting as the end: a flow failing after it still says why", async () => {
    const { confirmation, port } = await openConnected();
    confirmation.send({ type: "confirm.error", code: "PIN_INCORRECT", retriesLeft: 2 });
    confirmation.finish(new Error("boom"));
    expect(port.received.at(-1)).toMatchObject({ type: "confirm.error", code: "INTERNAL_ERROR" });
  });

  it("closes the window as soon as the requesting page goes away, without waiting for the flow", async () => {
    const page = new AbortController();
    const { confirmation } = await openConnected(page.signal);
    const decision = confirmation.nextDecision();
    page.abort(new KysoError("CANCELLED", "the page went away"));
    await expect(decision).rejects.toMatchObject({ code: "CANCELLED" });
    expect(browserState.removed).toEqual([40]);
  });

  it("opens no window for a page that went away before the confirmation was ready", async () => {
    const page = new AbortController();
    page.abort(new KysoError("CANCELLED", "the page went away"));
    await expect(ConfirmationWindow.open(request, page.signal)).rejects.toMatchObject({ code: "CANCELLED" });
    expect(browserState.created).toBe(0);
  });
});
