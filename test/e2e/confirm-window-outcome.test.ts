/**
 * The confirmation window: how it ends — progress and the result, closing itself after success,
 * cancel by button or by closing, a bad link. Opened in the system Chromium from the built
 * extension with the stand-in background of confirm-window-stand-in.ts.
 */
import { describe, expect, it } from "vitest";
import { choose, chromiumForSuite, decide, documents, fill, openConfirmWindow, PIN, messagesForSuite, VALID } from "./confirm-window-stand-in.js";

describe("confirmation window: progress, result and cancel", () => {
  const chromium = chromiumForSuite("en");
  const en = messagesForSuite("en");

  it("shows progress per document while signing, then the result with the failure in words, and stays open with Close", async () => {
    const window = await openConfirmWindow(chromium());
    const { page } = window;
    await decide(window);
    await window.send({ type: "confirm.progress", done: 1, total: 2, stage: "timestamping", documentName: documents()[1]!.name });
    await page.waitForSelector("#progress:not([hidden])");
    expect(await page.textContent("#progress-text")).toBe(fill(en(), "confirm_progress", "1", "2"));
    expect(await page.textContent("#progress-current")).toBe(`${documents()[1]!.name}: ${en().confirm_stage_timestamping?.message}`);
    expect(await page.locator("#document-rows td.status").allTextContents()).toEqual([en().confirm_statusFinished?.message, en().confirm_statusWorking?.message]);
    await window.send({ type: "confirm.done", results: [{ name: documents()[0]!.name, ok: true }, { name: documents()[1]!.name, ok: false, code: "TOKEN_REMOVED" }] });
    await page.waitForSelector("#result:not([hidden])");
    expect(await page.textContent("#result-summary")).toBe(fill(en(), "confirm_resultSomeFailed", "1", "2"));
    expect(await page.locator("#result-list li").allTextContents()).toEqual([
      fill(en(), "confirm_resultSigned", documents()[0]!.name),
      fill(en(), "confirm_resultFailed", documents()[1]!.name, en().error_TOKEN_REMOVED!.message),
    ]);
    expect(await page.isVisible("button[name=close]")).toBe(true);
    await new Promise((done) => setTimeout(done, 5000));
    expect(page.isClosed()).toBe(false);
    await page.click("button[name=close]");
    await expect.poll(() => page.isClosed()).toBe(true);
  });

  it("closes itself a few seconds after every document is signed", async () => {
    const window = await openConfirmWindow(chromium());
    await decide(window);
    await window.send({ type: "confirm.done", results: documents().map((document) => ({ name: document.name, ok: true })) });
    await window.page.waitForSelector("#result:not([hidden])");
    expect(await window.page.textContent("#result-summary")).toBe(fill(en(), "confirm_resultAllSigned", "2"));
    expect(await window.page.isVisible("#result-closing")).toBe(true);
    await window.page.waitForEvent("close", { timeout: 10_000 });
    // Nothing to cancel once signed.
    expect(await window.received()).toHaveLength(1);
  });

  it("sends cancel when the person presses Cancel, and closes", async () => {
    const window = await openConfirmWindow(chromium());
    await window.page.click("button[name=cancel]");
    await expect.poll(() => window.received()).toEqual([{ type: "confirm.cancel" }]);
    await expect.poll(() => window.page.isClosed()).toBe(true);
  });

  it("sends cancel when the window is closed, also in the middle of signing", async () => {
    const idle = await openConfirmWindow(chromium());
    await idle.page.close();
    await expect.poll(() => idle.received()).toEqual([{ type: "confirm.cancel" }]);
    expect(await idle.disconnected()).toBe(true);

    const signing = await openConfirmWindow(chromium());
    await choose(signing, VALID.certificateId, PIN);
    await signing.page.click("button[name=confirm]");
    await expect.poll(() => signing.received()).toHaveLength(1);
    await signing.page.close();
    await expect.poll(async () => (await signing.received()).map((message) => message.type)).toEqual(["confirm.decide", "confirm.cancel"]);
  });

  it("refuses to show anything when opened without a valid confirmation id", async () => {
    const page = await chromium().context.newPage();
    await page.goto(`chrome-extension://${chromium().extensionId}/ui/confirm/confirm.html?id=../../x`);
    await page.waitForSelector("#fatal:not([hidden])");
    expect(await page.textContent("#fatal-message")).toBe(en().confirm_badLink?.message);
    expect(await page.isVisible("#confirmation")).toBe(false);
    await page.close();
  });

});
