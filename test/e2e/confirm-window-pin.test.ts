/**
 * The confirmation window: the certificate choice and the ways of proving it is you (PIN, a
 * wrong or locked PIN, PIN pad, PKI SIM on the phone). Opened in the system Chromium from the
 * built extension with the stand-in background of confirm-window-stand-in.ts.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { artifactsDir, choose, chromiumForSuite, EXPIRED, EXPIRING, fill, openConfirmWindow, PIN, messagesForSuite, requestOf, VALID } from "./confirm-window-stand-in.js";

describe("confirmation window: certificate and PIN", () => {
  const chromium = chromiumForSuite("en");
  const en = messagesForSuite("en");

  it("marks expired certificates and keeps them out of reach, marks those expiring within 30 days, and keeps Sign disabled until a certificate is chosen", async () => {
    const window = await openConfirmWindow(chromium());
    const { page } = window;
    const options = await page.$$eval("select[name=certificate] option", (all) =>
      (all as HTMLOptionElement[]).map((o) => ({ value: o.value, text: o.textContent, disabled: o.disabled })),
    );
    const option = (id: string) => options.find((o) => o.value === id)!;
    expect(option(VALID.certificateId).disabled).toBe(false);
    expect(option(VALID.certificateId).text).toContain("Nguyễn Văn An — Kyso Test Issuing CA — valid until");
    expect(option(EXPIRING.certificateId).disabled).toBe(false);
    expect(option(EXPIRING.certificateId).text).toMatch(/expires soon: .* \(12 days left\)/);
    expect(option(EXPIRED.certificateId).disabled).toBe(true);
    expect(option(EXPIRED.certificateId).text).toContain("EXPIRED on");

    expect(await page.isDisabled("button[name=confirm]")).toBe(true);
    await page.fill("input[name=pin]", PIN);
    expect(await page.isDisabled("button[name=confirm]")).toBe(true);
    await page.selectOption("select[name=certificate]", EXPIRING.certificateId);
    expect(await page.isEnabled("button[name=confirm]")).toBe(true);
    expect(await page.getAttribute("input[name=pin]", "type")).toBe("password");
    expect(await page.getAttribute("input[name=pin]", "autocomplete")).toBe("off");
    expect(await window.received()).toEqual([]);
    await page.close();
  });

  it("keeps the window open after a wrong PIN, clears the PIN field, shows the tries left, and signs with the next PIN", async () => {
    const window = await openConfirmWindow(chromium());
    const { page } = window;
    await choose(window, VALID.certificateId, "000000");
    await page.click("button[name=confirm]");
    await expect.poll(() => window.received()).toHaveLength(1);
    await window.send({ type: "confirm.error", code: "PIN_INCORRECT", retriesLeft: 2 });
    await page.waitForSelector("#problem:not([hidden])");
    expect(await page.textContent("#problem-message")).toBe(en().error_PIN_INCORRECT?.message);
    expect(await page.textContent("#problem-retries")).toBe(fill(en(), "confirm_retriesLeft", "2"));
    expect(await page.inputValue("input[name=pin]")).toBe("");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("pin");
    expect(await page.inputValue("select[name=certificate]")).toBe(VALID.certificateId);
    await page.screenshot({ path: join(artifactsDir, "confirm-window-pin-incorrect-en().png") });

    await page.keyboard.type(PIN);
    await page.keyboard.press("Enter");
    await expect.poll(() => window.received()).toHaveLength(2);
    const pins = (await window.received()).map((message) => (message.type === "confirm.decide" ? message.pin : undefined));
    expect(pins).toEqual(["000000", PIN]);

    await page.close();
  });

  it("ends on a locked PIN: the error in words, nothing left to confirm", async () => {
    const window = await openConfirmWindow(chromium());
    const { page } = window;
    await choose(window, VALID.certificateId, PIN);
    await page.click("button[name=confirm]");
    await expect.poll(() => window.received()).toHaveLength(1);
    await window.send({ type: "confirm.error", code: "PIN_LOCKED" });
    await page.waitForSelector("#problem:not([hidden])");
    expect(await page.textContent("#problem-message")).toBe(en().error_PIN_LOCKED?.message);
    expect(await page.isDisabled("button[name=confirm]")).toBe(true);
    expect(await page.isDisabled("input[name=pin]")).toBe(true);
    await page.close();
  });

  it("shows the code to compare on the phone for PKI SIM signing, and sends no PIN", async () => {
    const window = await openConfirmWindow(chromium(), requestOf({ pinMode: "phone", certificates: [VALID] }));
    const { page } = window;
    expect(await page.isVisible("input[name=pin]")).toBe(false);
    expect(await page.textContent("#phone-waiting")).toBe(en().confirm_phoneWaiting?.message);
    // The only usable certificate is chosen already.
    expect(await page.inputValue("select[name=certificate]")).toBe(VALID.certificateId);
    await page.click("button[name=confirm]");
    await expect.poll(() => window.received()).toHaveLength(1);
    expect((await window.received())[0]).not.toHaveProperty("pin");
    await window.send({ type: "confirm.approval", code: "4F2A", provider: "Viettel-CA" });
    await page.waitForSelector("#phone-approval:not([hidden])");
    expect(await page.textContent("#phone-code")).toBe("Confirm on your phone: code 4F2A");
    expect(await page.textContent("#phone-provider")).toContain("Viettel-CA");
    await page.screenshot({ path: join(artifactsDir, "confirm-window-phone-en().png") });
    await page.close();
  });

  it("asks for the token's PIN pad instead of a PIN field", async () => {
    const window = await openConfirmWindow(chromium(), requestOf({ pinMode: "pin-pad" }));
    expect(await window.page.isVisible("input[name=pin]")).toBe(false);
    expect(await window.page.textContent("#pin-pad")).toBe(en().confirm_pinPad?.message);
    await window.page.close();
  });

});
