/**
 * The compose window ("Gửi thư", issue 8), built as users install it and opened in the system
 * Chromium; the background is a stand-in over the real runtime port
 * (fixtures/compose-window/stand-in-background.ts). Portal → compose → arrives end to end
 * follows once ext-core registers extension/background/mail/compose-route.ts.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ComposeRequest, FromComposeWindow, ToComposeWindow } from "../../shared/protocol/compose.js";
import { launchChromiumWithExtension, type LaunchedChromium } from "./chromium-launcher.js";
import type { ComposeStandIn } from "./fixtures/compose-window/stand-in-background.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
type StandInGlobal = { kysoComposeStandIn: ComposeStandIn };

const REQUEST: ComposeRequest = {
  origin: "https://ioffice.ubnd.test",
  siteName: "Quản lý văn bản UBND tỉnh",
  from: "Văn thư UBND <vanthu@ubnd.test>",
  documents: [{ name: "Công văn 45 – UBND.pdf", documentNumber: "45/UBND-VP", title: "V/v triển khai chữ ký số", sizeBytes: 48_000 }],
  bodyTemplate: "Kính gửi: {{recipient}}\n\nXin gửi văn bản {{documentNumber}} đính kèm.",
  addressBook: [
    { name: "Sở Tư pháp", address: "vanthu@sotp.test" },
    { name: "Sở Tài chính", address: "vanthu@stc.test" },
    { name: "UBND huyện Đak Đoa", address: "ubnd@dakdoa.test" },
  ],
  smime: true,
};

let chromium: LaunchedChromium | undefined;
let extensionDir = "";
beforeAll(async () => {
  extensionDir = await mkdtemp(join(tmpdir(), "kyso-compose-"));
  await cp(join(root, "dist/chrome"), extensionDir, { recursive: true });
  await rm(join(extensionDir, "_locales/en"), { recursive: true }); // the default language: Vietnamese
  await esbuild.build({ absWorkingDir: root, entryPoints: [join(here, "fixtures/compose-window/stand-in-background.ts")], outfile: join(extensionDir, "background.js"), bundle: true, format: "iife", logLevel: "warning" });
  chromium = await launchChromiumWithExtension({ extensionDir });
});
afterAll(async () => {
  await chromium?.close();
  if (extensionDir) await rm(extensionDir, { recursive: true, force: true });
});

let windows = 0;
async function openCompose(): Promise<{ page: Page; send(message: ToComposeWindow): Promise<void>; received(): Promise<FromComposeWindow[]>; problems: string[] }> {
  if (!chromium) throw new Error("Chromium did not start");
  const id = `w${++windows}`;
  const worker = chromium.serviceWorker;
  const page = await chromium.context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  await page.goto(`chrome-extension://${chromium.extensionId}/ui/compose/compose.html?id=${id}`);
  await expect.poll(() => worker.evaluate(() => (globalThis as unknown as StandInGlobal).kysoComposeStandIn.connected()), { timeout: 10_000 }).toContain(`compose:${id}`);
  return {
    page,
    problems,
    send: (message) => worker.evaluate(([port, m]) => (globalThis as unknown as StandInGlobal).kysoComposeStandIn.send(port, m), [`compose:${id}`, message] as const),
    received: () => worker.evaluate((port) => (globalThis as unknown as StandInGlobal).kysoComposeStandIn.received(port), `compose:${id}`) as Promise<FromComposeWindow[]>,
  };
}

describe("compose window in Chromium (stand-in background)", () => {
  it("prefills the subject from the document number and title and the body from the policy template, finds a unit without diacritics, and sends exactly what the person sees", async () => {
    const window = await openCompose();
    const { page } = window;
    await window.send({ type: "compose.init", request: REQUEST });
    await page.waitForSelector("#compose:not([hidden])");
    expect(await page.textContent("h1")).toBe("Gửi thư công vụ");
    expect(await page.inputValue('input[name="subject"]')).toBe("45/UBND-VP: V/v triển khai chữ ký số");
    expect(await page.textContent("#attachment-list")).toContain("Công văn 45 – UBND.pdf");
    // Policy mail.smime ticks "Ký thư (S/MIME)"; the person may send this one unsigned.
    expect(await page.isVisible("#smime-note")).toBe(true);
    expect(await page.isChecked('input[name="smime"]')).toBe(true);
    await page.uncheck('input[name="smime"]');
    expect(await page.isVisible("#smime-key")).toBe(false);

    await page.fill('input[name="address-search"]', "so tu phap");
    await page.click('#address-results button[data-address="vanthu@sotp.test"]');
    expect(await page.inputValue('input[name="to"]')).toBe("vanthu@sotp.test");
    expect(await page.inputValue("#body")).toBe("Kính gửi: Sở Tư pháp\n\nXin gửi văn bản 45/UBND-VP đính kèm.");
    await page.fill('input[name="cc"]', "vanthu@stc.test");
    await page.check('input[name="read-receipt"]');
    await page.click('button[name="send"]');

    await expect.poll(() => window.received(), { timeout: 5_000 }).toHaveLength(1);
    expect((await window.received())[0]).toEqual({
      type: "compose.send",
      to: ["vanthu@sotp.test"],
      cc: ["vanthu@stc.test"],
      subject: "45/UBND-VP: V/v triển khai chữ ký số",
      text: "Kính gửi: Sở Tư pháp\n\nXin gửi văn bản 45/UBND-VP đính kèm.",
      attach: [0],
      readReceipt: true,
    });

    await window.send({ type: "compose.progress", stage: "sending" });
    await expect.poll(() => page.textContent("#stage")).toBe("Đang gửi đến máy chủ thư…");
    await window.send({ type: "compose.outbox", entry: { id: "0abc1234-ff", state: "accepted", sentCopy: "done", refused: [] } });
    await expect.poll(() => page.textContent("#outbox-state")).toBe("Đã gửi: máy chủ thư của cơ quan đã nhận thư.");
    expect(await page.textContent("#outbox-detail")).toBe('Đã lưu bản sao vào "Đã gửi".');
    expect(await page.isVisible('button[name="retry"]')).toBe(false);
    expect(window.problems).toEqual([]);
  });

  it("refuses to send without a valid recipient, then shows a refused recipient with the server's reply and sends compose.retry", async () => {
    const window = await openCompose();
    const { page } = window;
    await window.send({ type: "compose.init", request: { ...REQUEST, smime: false } });
    await page.waitForSelector("#compose:not([hidden])");
    await page.fill('input[name="to"]', "khong-phai-dia-chi");
    await page.click('button[name="send"]');
    expect(await page.textContent("#form-error")).toBe("Địa chỉ không hợp lệ: khong-phai-dia-chi");
    expect(await window.received()).toEqual([]);

    await page.fill('input[name="to"]', "khong-ton-tai@sotp.test");
    await page.click('button[name="send"]');
    await expect.poll(() => window.received()).toHaveLength(1);
    await window.send({ type: "compose.outbox", entry: { id: "0abc1234-aa", state: "failed", sentCopy: "pending", refused: [{ address: "khong-ton-tai@sotp.test", reply: "550 5.1.1 <khong-ton-tai@sotp.test>: Recipient address rejected" }], error: { code: "MAIL_RECIPIENT_REFUSED", detail: "550 5.1.1" } } });
    await expect.poll(() => page.textContent("#outbox-state")).toBe("Gửi không thành công.");
    expect(await page.textContent("#outbox-detail")).toContain("Bị từ chối: khong-ton-tai@sotp.test — 550 5.1.1");
    await page.click('button[name="retry"]');
    await expect.poll(() => window.received()).toHaveLength(2);
    expect((await window.received())[1]).toEqual({ type: "compose.retry", outboxId: "0abc1234-aa" });
  });

  it("with Ký thư (S/MIME) ticked by policy, asks for a usable certificate and the PIN, sends them with compose.send and clears the PIN field", async () => {
    const window = await openCompose();
    const { page } = window;
    await window.send({ type: "compose.init", request: { ...REQUEST, to: ["vanthu@sotp.test"] } });
    await page.waitForSelector("#compose:not([hidden])");
    expect(await page.isVisible("#smime-key")).toBe(true);
    const certificate = (id: string, subject: string, notAfter: string) => ({
      provider: "pkcs11" as const,
      certificateId: `pkcs11:token=kyso-test;id=%${id}`,
      tokenLabel: "kyso-test",
      tokenSerial: "0001",
      subject,
      issuer: "CN=Kyso Test Issuing CA, O=Kyso Test, C=VN",
      serialNumber: id,
      notBefore: "2020-01-01T00:00:00Z",
      notAfter,
      keyType: "rsa",
    });
    await window.send({ type: "compose.certificates", certificates: [certificate("02", "CN=Phạm Thị Hết Hạn, C=VN", "2021-01-01T00:00:00Z"), certificate("01", "CN=Nguyễn Văn An, C=VN", "2099-01-01T00:00:00Z")] });
    await expect.poll(() => page.$$eval("select[name=certificate] option", (options) => (options as HTMLOptionElement[]).map((o) => ({ value: o.value, disabled: o.disabled })))).toEqual([
      { value: "pkcs11:token=kyso-test;id=%02", disabled: true },
      { value: "pkcs11:token=kyso-test;id=%01", disabled: false },
    ]);
    expect(await page.inputValue("select[name=certificate]")).toBe("pkcs11:token=kyso-test;id=%01");

    await page.click('button[name="send"]');
    expect(await page.textContent("#form-error")).toBe("Hãy nhập mã PIN để ký thư.");
    expect(await window.received()).toEqual([]);
    await page.fill('input[name="pin"]', "123456");
    await page.click('button[name="send"]');
    await expect.poll(() => window.received()).toHaveLength(1);
    expect((await window.received())[0]).toMatchObject({ type: "compose.send", to: ["vanthu@sotp.test"], smime: { certificateId: "pkcs11:token=kyso-test;id=%01", pin: "123456" } });
    expect(await page.inputValue('input[name="pin"]')).toBe("");

    // A wrong PIN comes back as an error: the form is there again for a second try.
    await window.send({ type: "compose.error", code: "PIN_INCORRECT" });
    await page.waitForSelector("#compose:not([hidden])");
    expect(await page.isEnabled('button[name="send"]')).toBe(true);
    expect(window.problems).toEqual([]);
  });
});
