/**
 * When the confirmation window goes away (issue 7: windows sometimes stayed open after the
 * flow ended): the real built extension in the system Chromium, the installed native host,
 * and this suite's SoftHSM2 copy behind the slow PKCS#11 shim (slow-token-portal.ts), so a
 * signature is still running on the token when the requesting tab goes.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testServices } from "../setup/test-services.js";
import { confirmAsSigner, nextConfirmWindow, signDigestRequests } from "./page-api-session.js";
import { openPortalPage, signingProgress, signInPage, startSlowTokenPortal, type SlowTokenPortal } from "./slow-token-portal.js";

/** Far longer than the window may take to close once the tab is gone. */
const SIGN_DELAY_MS = 8_000;
const CLOSE_WITHIN_MS = 3_000;

const services = testServices();
let setup: SlowTokenPortal;

beforeAll(async () => {
  setup = await startSlowTokenPortal(services, { name: "confirm-lifecycle", signDelayMs: SIGN_DELAY_MS });
}, 120_000);

afterAll(async () => {
  await (setup as SlowTokenPortal | undefined)?.close();
});

/** Milliseconds until `window` closed after `act`, failing past `CLOSE_WITHIN_MS`. */
async function closesAfter(window: Page, act: () => Promise<unknown>): Promise<number> {
  const closed = window.waitForEvent("close", { timeout: CLOSE_WITHIN_MS });
  const started = Date.now();
  await act();
  await closed;
  return Date.now() - started;
}

describe("the confirmation window ends with the request", () => {
  it("closes when the requesting tab is closed before the person decides, and nothing is signed", async () => {
    const page = await openPortalPage(setup);
    const windowOpened = nextConfirmWindow(setup.machine);
    void signInPage(page, { documents: [{ url: "/docs/cong-van-1.pdf" }], profile: "approval" }).catch(() => undefined);
    const window = await windowOpened;
    await window.waitForSelector("select[name=certificate] option[value^='pkcs11:']", { state: "attached" });
    // The host is running by now (it listed the certificates), so its log exists.
    const before = await signDigestRequests(setup.machine);
    expect(await closesAfter(window, () => page.close())).toBeLessThan(CLOSE_WITHIN_MS);
    expect(await signDigestRequests(setup.machine)).toBe(before);
  }, 60_000);

  it("closes when the requesting page navigates away", async () => {
    const page = await openPortalPage(setup);
    const windowOpened = nextConfirmWindow(setup.machine);
    void signInPage(page, { documents: [{ url: "/docs/cong-van-1.pdf" }], profile: "approval" }).catch(() => undefined);
    const window = await windowOpened;
    await window.waitForSelector("button[name=cancel]");
    expect(await closesAfter(window, () => page.goto("about:blank"))).toBeLessThan(CLOSE_WITHIN_MS);
    await page.close();
  }, 60_000);

  it("closes at once when the tab is closed while the token is still signing, without waiting for the token, and the portal gets no upload", async () => {
    const uploadsBefore = setup.portal.uploads.length;
    const page = await openPortalPage(setup);
    const windowOpened = nextConfirmWindow(setup.machine);
    void signInPage(page, { documents: [{ url: "/docs/to-trinh-1.pdf" }, { url: "/docs/to-trinh-2.pdf" }], profile: "approval", upload: { url: "/upload" } }).catch(() => undefined);
    const window = await windowOpened;
    await confirmAsSigner(setup.machine, window);
    // The host has started the batch: the first C_Sign sleeps SIGN_DELAY_MS in the shim.
    await expect.poll(async () => (await signingProgress(page)).started, { timeout: 30_000, interval: 100 }).toBe(true);
    expect(await closesAfter(window, () => page.close())).toBeLessThan(CLOSE_WITHIN_MS);
    // Long after the token would have finished both signatures: still nothing uploaded.
    await new Promise((done) => setTimeout(done, 2 * SIGN_DELAY_MS + 1_000));
    expect(setup.portal.uploads.length).toBe(uploadsBefore);
  }, 90_000);
});
