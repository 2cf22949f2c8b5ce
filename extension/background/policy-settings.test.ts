import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

/**
 * The background's settings cache against a browser whose storage is replaced by one the test
 * controls: storage.managed can answer late (as Chromium's does right after start-up) or never.
 */
type Json = Record<string, unknown>;
const storage = vi.hoisted(() => {
  const state = {
    managed: {} as Record<string, unknown>,
    /** When false, storage.managed.get() never answers (the browser has not read the policy yet). */
    managedAnswers: true,
    local: {} as Record<string, unknown>,
    managedReads: 0,
    listeners: [] as Array<(changes: Record<string, unknown>, area: string) => void>,
  };
  return state;
});

vi.mock("webextension-polyfill", () => ({
  default: {
    storage: {
      managed: {
        get: () => {
          storage.managedReads += 1;
          return storage.managedAnswers ? Promise.resolve(structuredClone(storage.managed)) : new Promise(() => undefined);
        },
      },
      local: { get: (key: string) => Promise.resolve(key in storage.local ? { [key]: structuredClone(storage.local[key]) } : {}) },
      onChanged: { addListener: (listener: (changes: Record<string, unknown>, area: string) => void) => storage.listeners.push(listener) },
    },
  },
}));

const PORTAL = "https://vanban.example.gov.vn";
const change = (area: "managed" | "local", changes: Json) => storage.listeners.forEach((listener) => listener(changes, area));

let currentSettings: typeof import("./policy-settings.js").currentSettings;

beforeEach(async () => {
  vi.resetModules();
  Object.assign(storage, { managed: {}, managedAnswers: true, local: {}, managedReads: 0, listeners: [] });
  ({ currentSettings } = await import("./policy-settings.js"));
});

afterEach(() => {
  vi.useRealTimers();
});

describe("settings cache in the background", () => {
  it("reads storage once and answers later calls from memory", async () => {
    storage.managed = { portals: [{ origin: PORTAL }] };
    await currentSettings();
    const again = await currentSettings();
    expect(again.settings.portals.map((portal) => portal.origin)).toEqual([PORTAL]);
    expect(storage.managedReads).toBe(1);
  });

  it("keeps IT's policy over the person's local options, setting by setting", async () => {
    storage.managed = { signing: { level: "B-LT" } };
    storage.local = { options: { signing: { level: "B-B", defaultProfile: "issuing" } } };
    const { settings, managed } = await currentSettings();
    expect(managed).toBe(true);
    expect(settings.signing.level).toBe("B-LT");
    expect(settings.signing.defaultProfile).toBe("issuing");
  });

  it("sees a changed policy or changed local options on the next call", async () => {
    storage.managed = { portals: [{ origin: PORTAL }] };
    await currentSettings();
    storage.managed = { portals: [] };
    change("managed", { portals: {} });
    expect((await currentSettings()).settings.portals).toEqual([]);
    storage.local = { options: { signing: { level: "B-B" } } };
    change("local", { options: {} });
    expect((await currentSettings()).settings.signing.level).toBe("B-B");
    // IT's list stays IT's, whatever the local options say.
    storage.local = { options: { portals: [{ origin: PORTAL }] } };
    change("local", { options: {} });
    expect((await currentSettings()).settings.portals).toEqual([]);
    storage.managed = {};
    change("managed", { portals: {} });
    expect((await currentSettings()).settings.portals.map((portal) => portal.origin)).toEqual([PORTAL]);
    // Other local keys (the signer image) leave the cache as it is.
    const reads = storage.managedReads;
    change("local", { signerImagePng: {} });
    await currentSettings();
    expect(storage.managedReads).toBe(reads);
  });

  it("waits for a silent storage.managed only once: later calls answer at once with the local options until the policy arrives, then with the policy", async () => {
    vi.useFakeTimers();
    storage.managedAnswers = false;
    storage.local = { options: { portals: [{ origin: PORTAL }] } };
    const first = currentSettings();
    await vi.advanceTimersByTimeAsync(3_000);
    expect((await first).policyPending).toBe(true);

    let answered = false;
    const second = currentSettings().then((settings) => ((answered = true), settings));
    await vi.advanceTimersByTimeAsync(0);
    expect(answered).toBe(true);
    expect((await second).settings.portals.map((portal) => portal.origin)).toEqual([PORTAL]);

    // The browser answers: IT's portal list replaces the local one once the refresh is in.
    storage.managedAnswers = true;
    storage.managed = { portals: [{ origin: "https://motcua.example.gov.vn" }] };
    await vi.advanceTimersByTimeAsync(3_000);
    await currentSettings();
    await vi.advanceTimersByTimeAsync(0);
    const settled = await currentSettings();
    expect(settled.policyPending).toBe(false);
    expect(settled.settings.portals.map((portal) => portal.origin)).toEqual(["https://motcua.example.gov.vn"]);
  });
});
