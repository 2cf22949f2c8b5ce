/**
 * The confirmation window: in the default language, Vietnamese (the extension copy has no
 * _locales/en). Opened in the system Chromium from the built extension with the stand-in
 * background of confirm-window-stand-in.ts.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { artifactsDir, choose, chromiumForSuite, EXPIRED, fill, openConfirmWindow, PIN, readMessages, requestOf, VALID } from "./confirm-window-stand-in.js";

describe("confirmation window in the default language (Vietnamese)", () => {
  const chromium = chromiumForSuite("vi");

  it("speaks Vietnamese: title, profile, buttons, certificate marks, and saves a screenshot", async () => {
    const vi = await readMessages("vi");
    const window = await openConfirmWindow(chromium(), requestOf({ profile: "issuing" }));
    const { page } = window;
    expect(await page.textContent("h1")).toBe("Xác nhận ký số");
    expect(await page.textContent("#profile-name")).toBe("Ký ban hành (đóng dấu)");
    expect(await page.textContent("button[name=confirm]")).toBe(vi.confirm_confirmButton?.message);
    expect(await page.textContent("button[name=cancel]")).toBe("Hủy");
    const expired = await page.textContent(`select[name=certificate] option[value="${EXPIRED.certificateId}"]`);
    expect(expired).toContain("ĐÃ HẾT HẠN");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("vi");
    await choose(window, VALID.certificateId, PIN);
    await page.screenshot({ path: join(artifactsDir, "confirm-window-vi.png") });

    await page.click("button[name=confirm]");
    await window.send({ type: "confirm.error", code: "PIN_INCORRECT", retriesLeft: 1 });
    await page.waitForSelector("#problem:not([hidden])");
    expect(await page.textContent("#problem-message")).toBe(vi.error_PIN_INCORRECT?.message);
    expect(await page.textContent("#problem-retries")).toBe(fill(vi, "confirm_retriesLeft", "1"));
    await page.screenshot({ path: join(artifactsDir, "confirm-window-pin-incorrect-vi.png") });
    await page.close();
  });
});
