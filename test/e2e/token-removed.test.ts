/**
 * A USB token pulled out in the middle of a batch (issue 7), end to end: the real built
 * extension in the system Chromium (Vietnamese UI), the native host `kyso install` registered
 * for this profile, and this suite's own SoftHSM2 token copy behind the PKCS#11 test shim
 * (test/services/pkcs11-shim): C_Sign is slowed down so the batch takes seconds, and a flag
 * file "unplugs" the token the way hardware goes away (see kyso-pkcs11-shim.c for why not by
 * moving SoftHSM's directory). The host gets the shim's settings through its own launcher
 * (native-host-environment.ts), so no other suite's host sees them.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_MESSAGES } from "../../shared/protocol/error-messages.js";
import { buildPkcs11Shim } from "../services/pkcs11-shim.js";
import { testServices } from "../setup/test-services.js";
import { exportToNativeHost } from "./native-host-environment.js";
import { startPageApiPortal, type PageApiPortal } from "./page-api-portal.js";
import {
  browserOf,
  closePortalMachine,
  confirmAsSigner,
  expectSignedBytesVerify,
  launchPortalBrowser,
  nextConfirmWindow,
  preparePortalMachine,
  type PortalMachine,
} from "./page-api-session.js";

/** Long enough to pull the token out between two signatures from the test's side. */
const SIGN_DELAY_MS = 1_500;
const BATCH = ["to-trinh-1.pdf", "to-trinh-2.pdf", "to-trinh-3.pdf", "to-trinh-4.pdf"];

const services = testServices();
let machine: PortalMachine;
let portal: PageApiPortal;
let unpluggedFlag: string;

type PageResult = { name: string; ok: boolean; code?: string; message?: string; upload?: { status: number } };
type Progress = { done: number; total: number; stage: string };

/** window.kyso.sign in the page, its progress kept in window.kysoProgress for the test to watch. */
function signInPage(page: Page, request: unknown): Promise<{ results?: PageResult[]; error?: { code: string } }> {
  return page.evaluate(async (request) => {
    const progress: Progress[] = [];
    (window as unknown as { kysoProgress: Progress[] }).kysoProgress = progress;
    const kyso = (window as unknown as { kyso: { sign(r: unknown, o: { onProgress(p: Progress): void }): Promise<{ results: PageResult[] }> } }).kyso;
    try {
      const answer = await kyso.sign(request, { onProgress: (entry) => progress.push({ done: entry.done, total: entry.total, stage: entry.stage }) });
      // The signed bytes stay in the page: the uploads are what this suite checks.
      return { results: answer.results.map(({ name, ok, code, message, upload }) => ({ name, ok, code, message, upload })) };
    } catch (error) {
      return { error: { code: String((error as { code?: unknown }).code) } };
    }
  }, request);
}

const signaturesFinished = (page: Page) =>
  page.evaluate(() => Math.max(0, ...((window as unknown as { kysoProgress?: Progress[] }).kysoProgress ?? []).filter((entry) => entry.stage === "signing").map((entry) => entry.done)));

async function openPortal(): Promise<Page> {
  const page = await browserOf(machine).context.newPage();
  await expect
    .poll(async () => {
      await page.goto(`${portal.origin}/portal`);
      return page.evaluate(() => "kyso" in window);
    }, { timeout: 30_000, interval: 500 })
    .toBe(true);
  return page;
}

beforeAll(async () => {
  machine = await preparePortalMachine(services, "token-removed");
  const shimPath = await buildPkcs11Shim(machine.sandbox);
  unpluggedFlag = join(machine.sandbox, "token-unplugged");
  await exportToNativeHost(join(machine.sandbox, "profile"), {
    SOFTHSM2_CONF: machine.token.configFile,
    KYSO_STATE_DIR: machine.stateDir,
    KYSO_CONFIG: machine.configFile,
    KYSO_SHIM_TARGET: machine.token.modulePath,
    KYSO_SHIM_SIGN_DELAY_MS: String(SIGN_DELAY_MS),
    KYSO_SHIM_REMOVED_FLAG: unpluggedFlag,
  });
  const tls = services.pki.entities.tlsServer;
  portal = await startPageApiPortal(tls);
  const settings = {
    portals: [{ origin: portal.origin, name: "Cổng thử nghiệm kyso" }],
    // B-B: nothing after the signature but the upload, so the batch's time is the token's.
    signing: { level: "B-B" },
    keys: { pkcs11ModulesLinux: [shimPath] },
    trust: { anchorsPem: [machine.rootPem] },
  };
  await launchPortalBrowser(machine, { tlsCertPem: await readFile(tls.certPemFile, "utf8"), settings, scriptIds: ["kyso-content", "kyso-page-api"], locale: "vi" });
}, 120_000);

afterAll(async () => {
  await closePortalMachine(machine);
  await (portal as PageApiPortal | undefined)?.close();
});

describe("a token pulled out in the middle of a batch", () => {
  it("uploads the document signed before it went, fails the rest with TOKEN_REMOVED in the window and for the page, and sends the portal nothing of theirs", async () => {
    const started = Date.now();
    const page = await openPortal();
    const windowOpened = nextConfirmWindow(machine);
    const signing = signInPage(page, { documents: BATCH.map((name) => ({ url: `/docs/${name}` })), profile: "approval", upload: { url: "/upload", fieldName: "uploadfile" } });
    const window = await windowOpened;
    await confirmAsSigner(machine, window);
    // The host reports done: 1 once the first signature is made; the second C_Sign is then sleeping in the shim.
    await expect.poll(() => signaturesFinished(page), { timeout: 30_000, interval: 100 }).toBeGreaterThanOrEqual(1);
    await writeFile(unpluggedFlag, "");
    const outcome = await signing;

    const removed = ERROR_MESSAGES.TOKEN_REMOVED.vi;
    expect(outcome.error).toBeUndefined();
    expect(outcome.results?.map((result) => [result.name, result.ok, result.code])).toEqual([
      ["to-trinh-1.pdf", true, undefined],
      ["to-trinh-2.pdf", false, "TOKEN_REMOVED"],
      ["to-trinh-3.pdf", false, "TOKEN_REMOVED"],
      ["to-trinh-4.pdf", false, "TOKEN_REMOVED"],
    ]);
    expect(outcome.results?.[0]?.upload?.status).toBe(200);
    expect(outcome.results?.slice(1).map((result) => result.message)).toEqual([removed, removed, removed]);

    // The portal got the one signed document, whole (it verifies), and nothing for the others.
    expect(portal.uploads.map((file) => file.fileName)).toEqual(["to-trinh-1.pdf"]);
    await expectSignedBytesVerify(machine, { bytes: portal.uploads[0]!.bytes, name: "signed-before-removal.pdf", signatures: 1 });

    // The window says, in Vietnamese, which document is signed and why the others are not; it stays open for the person to read.
    await window.waitForSelector("#result:not([hidden])");
    const lines = await window.locator("#result-list li").allTextContents();
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe("to-trinh-1.pdf: đã ký");
    for (const [position, line] of lines.slice(1).entries()) expect(line).toBe(`${BATCH[position + 1]}: không ký được — ${removed}`);
    expect(window.isClosed()).toBe(false);
    await window.screenshot({ path: join(import.meta.dirname, "../../test-artifacts/confirm-window-token-removed-vi.png") });
    await page.close();
    // No wait on a token that is gone: the batch ends within a few of the token's own delays.
    expect(Date.now() - started).toBeLessThan(45_000);
  }, 90_000);

  it("signs the documents left once the token is plugged back in", async () => {
    await rm(unpluggedFlag, { force: true });
    const page = await openPortal();
    const windowOpened = nextConfirmWindow(machine);
    const signing = signInPage(page, { documents: BATCH.slice(1).map((name) => ({ url: `/docs/${name}` })), profile: "approval", upload: { url: "/upload", fieldName: "uploadfile" } });
    await confirmAsSigner(machine, await windowOpened);
    const outcome = await signing;
    expect(outcome.results?.map((result) => result.ok)).toEqual([true, true, true]);
    expect(portal.uploads.map((file) => file.fileName)).toEqual(BATCH);
    await page.close();
  }, 90_000);
});
