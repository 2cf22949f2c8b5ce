/**
 * The toolbar popup with the real host: the built extension in the system Chromium, the native
 * host `kyso install` registered for the profile, this file's own SoftHSM2 token copy. The popup
 * (opened as its page, which the background serves the same way) shows the sidecar connected
 * with its version, the token's certificates (the expired one marked), and — after a document
 * is signed on a loopback portal through window.kyso.sign and the confirmation window — that
 * signature from the audit log. Screenshots of the popup and of the real confirmation window in
 * English and Vietnamese go to test-artifacts/.
 */
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_EXTENSION_ID } from "../../shared/extension-identity.js";
import { testServices } from "../setup/test-services.js";
import { launchChromiumWithExtension, type LaunchedChromium } from "./chromium-launcher.js";
import { browserOf, chooseSigner, closePortalMachine, launchPortalBrowser, nextConfirmWindow, preparePortalMachine, type PortalMachine } from "./page-api-session.js";
import { startPageApiPortal, type PageApiPortal } from "./page-api-portal.js";

const root = resolve(import.meta.dirname, "../..");
const artifactsDir = join(root, "test-artifacts");
const POPUP_URL = `chrome-extension://${CHROMIUM_EXTENSION_ID}/popup/popup.html`;
const services = testServices();
let machine: PortalMachine;
let portal: PageApiPortal;

beforeAll(async () => {
  machine = await preparePortalMachine(services, "popup");
  const tls = services.pki.entities.tlsServer;
  portal = await startPageApiPortal(tls);
  const settings = {
    portals: [{ origin: portal.origin, name: "Cổng thử nghiệm kyso" }],
    signing: { level: "B-T", tsaUrl: services.tsaUrl },
    keys: { pkcs11ModulesLinux: [machine.token.modulePath] },
  };
  await launchPortalBrowser(machine, { tlsCertPem: await readFile(tls.certPemFile, "utf8"), settings, scriptIds: ["kyso-page-api"], locale: "en" });
}, 120_000);

afterAll(async () => {
  await closePortalMachine(machine);
  await (portal as PageApiPortal | undefined)?.close();
});

/** The popup page at its real size, once the background has sent the certificates and the activity. */
async function openPopup(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 384, height: 600 });
  await page.goto(POPUP_URL);
  await page.waitForSelector("#sidecar-status[data-state=connected]", { timeout: 20_000 });
  await page.waitForSelector("#certificates[data-loaded=true]", { state: "attached", timeout: 20_000 });
  await page.waitForSelector("#activity[data-loaded=true]", { state: "attached", timeout: 20_000 });
  return page;
}

const certificateEntries = (popup: Page) =>
  popup.$$eval("#certificates li", (items) => items.map((item) => ({ mark: (item as HTMLElement).dataset.mark, text: item.textContent })));
const activityEntries = (popup: Page) => popup.$$eval("#activity li", (items) => items.map((item) => ({ ok: (item as HTMLElement).dataset.ok, text: item.textContent })));

/** window.kyso.sign on the portal, confirmed in the window with the token's PIN; the window is photographed first. */
async function signOnPortal(screenshot: string): Promise<void> {
  const page = await browserOf(machine).context.newPage();
  const deadline = Date.now() + 30_000;
  while (!(await page.goto(`${portal.origin}/portal`).then(() => page.evaluate(() => "kyso" in window)))) {
    if (Date.now() > deadline) throw new Error("window.kyso never appeared on the allowed portal");
    await new Promise((done) => setTimeout(done, 500));
  }
  const windowOpened = nextConfirmWindow(machine);
  const signing = page.evaluate(async () => {
    const kyso = (window as unknown as { kyso: { sign(request: unknown): Promise<{ results: Array<{ ok: boolean; name: string }> }> } }).kyso;
    return (await kyso.sign({ documents: [{ url: "/docs/cong-van-1.pdf", documentNumber: "12/UBND-VP" }], profile: "approval" })).results;
  });
  const window = await windowOpened;
  // The size the background opens it at (confirmation-window.ts), ready to sign: preview drawn, signer chosen, PIN typed.
  await window.setViewportSize({ width: 960, height: 760 });
  await window.waitForSelector("canvas[data-rendered]", { timeout: 20_000 });
  await chooseSigner(machine, window);
  await window.fill("input[name=pin]", machine.token.userPin);
  await window.screenshot({ path: join(artifactsDir, screenshot) });
  await window.click("button[name=confirm]");
  expect(await signing).toEqual([expect.objectContaining({ name: "cong-van-1.pdf", ok: true })]);
  await page.close();
}

/** A copy of the build without English messages: Chromium here only runs in en-US, so this is how it shows Vietnamese. */
async function vietnameseBrowser(): Promise<{ chromium: LaunchedChromium; cleanUp(): Promise<void> }> {
  const extensionDir = await mkdtemp(join(tmpdir(), "kyso-popup-vi-"));
  await cp(join(root, "dist/chrome"), extensionDir, { recursive: true });
  await rm(join(extensionDir, "_locales/en"), { recursive: true });
  const userDataDir = join(extensionDir, "..", `${extensionDir.split("/").at(-1)}-profile`);
  // The same native host registration as the English profile: same host, same state directory.
  await cp(join(browserOf(machine).userDataDir, "NativeMessagingHosts"), join(userDataDir, "NativeMessagingHosts"), { recursive: true });
  const chromium = await launchChromiumWithExtension({ extensionDir, userDataDir });
  type Chrome = { chrome: { storage: { local: { set(items: object): Promise<void> } } } };
  await chromium.serviceWorker.evaluate((modulePath) => (globalThis as unknown as Chrome).chrome.storage.local.set({ options: { keys: { pkcs11ModulesLinux: [modulePath] } } }), machine.token.modulePath);
  return {
    chromium,
    async cleanUp() {
      await chromium.close();
      await rm(extensionDir, { recursive: true, force: true });
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

describe("toolbar popup with the real host", () => {
  it("shows the sidecar connected with its version and the token's certificates, the expired one marked, before anything is signed", async () => {
    const popup = await openPopup(browserOf(machine).context);
    expect(await popup.textContent("#sidecar-status")).toBe("Connected to kyso on this computer (version 0.1.0).");
    const certificates = await certificateEntries(popup);
    const signer = certificates.find((entry) => entry.text.includes(machine.signerName));
    expect(signer).toMatchObject({ mark: "valid" });
    expect(signer?.text).toMatch(/valid until \d\d\/\d\d\/\d{4}/);
    expect(signer?.text).toContain(`token ${machine.token.tokenLabel}`);
    expect(certificates.find((entry) => entry.text.includes("Phạm Thị Hết Hạn"))).toMatchObject({ mark: "expired" });
    expect(await activityEntries(popup)).toEqual([]);
    expect(await popup.textContent("#activity-note")).toBe("No signatures or mail yet.");
    await popup.close();
  }, 60_000);

  it("lists a signature made through the host, in English and in Vietnamese", async () => {
    await signOnPortal("confirm-window-real-en.png");
    const popup = await openPopup(browserOf(machine).context);
    const [latest] = await activityEntries(popup);
    expect(latest?.ok).toBe("true");
    expect(latest?.text).toContain("cong-van-1.pdf");
    expect(latest?.text).toContain("Signed · done");
    expect(latest?.text).toContain(new URL(portal.origin).host);
    await popup.screenshot({ path: join(artifactsDir, "popup-connected-en.png"), fullPage: true });
    await popup.close();

    const vietnamese = await vietnameseBrowser();
    try {
      const popupVi = await openPopup(vietnamese.chromium.context);
      expect(await popupVi.textContent("#sidecar-status")).toBe("Đã kết nối với kyso trên máy (phiên bản 0.1.0).");
      expect(await popupVi.textContent("#certificates")).toContain("hiệu lực đến");
      expect((await certificateEntries(popupVi)).find((entry) => entry.mark === "expired")?.text).toContain("đã hết hạn");
      const [latestVi] = await activityEntries(popupVi);
      expect(latestVi?.text).toContain("cong-van-1.pdf");
      expect(latestVi?.text).toContain("Ký số · thành công");
      await popupVi.screenshot({ path: join(artifactsDir, "popup-connected-vi.png"), fullPage: true });
    } finally {
      await vietnamese.cleanUp();
    }
  }, 150_000);
});
