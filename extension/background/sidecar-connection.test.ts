import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.js";

vi.mock("webextension-polyfill", () => ({ default: { runtime: { getManifest: () => ({ version: "0.1.0" }), lastError: undefined } } }));

const { SidecarConnection } = await import("./sidecar-connection.js");

/**
 * The background's native port as the browser gives it: a missing host is a port that
 * disconnects at once with Chromium's message; an installed one answers hello. Timers are
 * fake so the 30 s back-off is reached without waiting for it.
 */
type Listener = (value: never) => void;
interface FakeHost {
  installed: boolean;
  connects: number;
}

function fakeConnect(host: FakeHost) {
  return () => {
    host.connects += 1;
    const messageListeners: Listener[] = [];
    const disconnectListeners: Listener[] = [];
    const port = {
      onMessage: { addListener: (listener: Listener) => messageListeners.push(listener) },
      onDisconnect: { addListener: (listener: Listener) => disconnectListeners.push(listener) },
      postMessage: (message: { id: string; method: string }) => {
        if (message.method !== "hello") return;
        const answer = { v: PROTOCOL_VERSION, id: message.id, result: { protocolVersion: PROTOCOL_VERSION, sidecarVersion: "0.1.0", capabilities: [] } };
        setTimeout(() => messageListeners.forEach((listener) => listener(answer as never)), 5);
      },
      disconnect: () => undefined,
    };
    if (!host.installed) setTimeout(() => disconnectListeners.forEach((listener) => listener({ error: { message: "Specified native messaging host not found." } } as never)), 1);
    return port as never;
  };
}

/** Whether the promise settles while `ms` of fake time pass. */
async function settlesWithin<T>(promise: Promise<T>, ms: number): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await vi.advanceTimersByTimeAsync(ms);
  return settled;
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

/** A connection whose back-off has grown to its 30 s cap after requests failed against a missing host. */
async function backedOff(host: FakeHost) {
  const connection = new SidecarConnection(fakeConnect(host));
  for (let attempt = 0; attempt < 9; attempt++) {
    const failed = connection.request("keys.list", {}).catch((error: unknown) => error);
    // In small steps, so that the last failure is recent when the test goes on.
    while (!(await settlesWithin(failed, 50)));
    expect(await failed).toMatchObject({ code: "SIDECAR_UNAVAILABLE" });
  }
  return connection;
}

describe("SidecarConnection.status", () => {
  it("answers with the last known state at once while the reconnect back-off runs, without respawning the host", async () => {
    const host = { installed: false, connects: 0 };
    const connection = await backedOff(host);
    const connectsBefore = host.connects;
    // A request is now waiting out the 30 s back-off.
    void connection.request("keys.list", {}).catch(() => undefined);
    const status = connection.status();
    expect(await settlesWithin(status, 10)).toBe(true);
    expect(await status).toEqual({ state: "unavailable", reason: "Specified native messaging host not found." });
    expect(host.connects).toBe(connectsBefore);
  });

  it("tries once at once, not after the back-off, when the last failure is over a second old: a host installed meanwhile shows as connected", async () => {
    const host = { installed: false, connects: 0 };
    const connection = await backedOff(host);
    await vi.advanceTimersByTimeAsync(2_000);
    host.installed = true;
    const status = connection.status();
    expect(await settlesWithin(status, 100)).toBe(true);
    expect(await status).toMatchObject({ state: "connected", hello: { sidecarVersion: "0.1.0" } });
  });

  it("still reports a missing host within moments on the first look", async () => {
    const host = { installed: false, connects: 0 };
    const status = new SidecarConnection(fakeConnect(host)).status();
    expect(await settlesWithin(status, 10)).toBe(true);
    expect(await status).toMatchObject({ state: "unavailable" });
    expect(host.connects).toBe(1);
  });
});
