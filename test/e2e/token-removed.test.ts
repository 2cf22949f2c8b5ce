/**
 * A USB token pulled out in the middle of a batch (issue 7), end to end: the real built
 * extension in the system Chromium (Vietnamese UI), the native host `kyso install` registered
 * for this profile, and this suite's own SoftHSM2 token copy behind the PKCS#11 test shim
 * (slow-token-portal.ts): C_Sign is slowed down so the batch takes seconds, and a flag file
 * "unplugs" the token the way hardware goes away.
 */
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_MESSAGES } from "../../shared/protocol/error-messages.js";
import { testServices } from "../setup/test-services.js";
import { confirmAsSigner, expectSignedBytesVerify, nextConfirmWindow } from "./page-api-session.js";
import { openPortalPage, signingProgress, signInPage, startSlowTokenPortal, type SlowTokenPortal } from "./slow-token-portal.js";

/** Long enough to pull the token out between two signatures from the test's side. */
const SIGN_DELAY_MS = 1_500;
const BATCH = ["to-trinh-1.pdf", "to-trinh-2.pdf", "to-trinh-3.pdf", "to-trinh-4.pdf"];

const services = testServices();
let setup: SlowTokenPortal;

beforeAll(async () => {
  setup = await startSlowTokenPortal(services, { name: "token-removed", signDelayMs: SIGN_DELAY_MS, locale: "vi" });
}, 120_000);

afterAll(async () => {
  await (setup as SlowTokenPortal | undefined)?.close();
});

describe("a token pulled out in the middle of a batch", () => {
  it("uploads the document signed before it went, fails the rest with TOKEN_REMOVED in the window and for the page, and sends the portal nothing of theirs", async () => {
    const started = Date.now();
    const page = await openPortalPage(setup);
    const windowOpened = nextConfirmWindow(setup.machine);
    const signing = signInPage(page, { documents: BATCH.map((name) => ({ url: `/docs/${name}` })), profile: "approval", upload: { url: "/upload", fieldName: "uploadfile" } });
    const window = await windowOpened;
    await confirmAsSigner(setup.machine, window);
    // The host reports done: 1 once the first signature is made; the second C_Sign is then sleeping in the shim.
    await expect.poll(async () => (await signingProgress(page)).done, { timeout: 30_000, interval: 100 }).toBeGreaterThanOrEqual(1);
    await writeFile(setup.unpluggedFlag, "");
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
    expect(setup.portal.uploads.map((file) => file.fileName)).toEqual(["to-trinh-1.pdf"]);
    await expectSignedBytesVerify(setup.machine, { bytes: setup.portal.uploads[0]!.bytes, name: "signed-before-removal.pdf", signatures: 1 });

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
    await rm(setup.unpluggedFlag, { force: true });
    const page = await openPortalPage(setup);
    const windowOpened = nextConfirmWindow(setup.machine);
    const signing = signInPage(page, { documents: BATCH.slice(1).map((name) => ({ url: `/docs/${name}` })), profile: "approval", upload: { url: "/upload", fieldName: "uploadfile" } });
    await confirmAsSigner(setup.machine, await windowOpened);
    const outcome = await signing;
    expect(outcome.results?.map((result) => result.ok)).toEqual([true, true, true]);
    expect(setup.portal.uploads.map((file) => file.fileName)).toEqual(BATCH);
    await page.close();
  }, 90_000);
});
