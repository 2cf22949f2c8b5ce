/**
 * "Gửi thư" end to end (issue 8): a loopback portal allowed by the settings, the real extension
 * in the system Chromium, the real native host configured with a mail account on the run's
 * Postfix/Dovecot (password in the host's encrypted credential file), a SoftHSM2 token copy.
 * The content script's Gửi thư button and window.kyso.mail open the compose window with the
 * document attached (signed first in the confirmation window when asked); Send goes through
 * the agency's submission server and the message arrives in the recipient's INBOX.
 */
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_EXTENSION_ID } from "../../shared/extension-identity.js";
import { credentialKey } from "../../sidecar/mail/credentials/credential-store.js";
import { encryptedFileStore } from "../../sidecar/mail/credentials/encrypted-file-store.js";
import { downloadBytes, whenInInbox } from "../services/mail/mail-clients.js";
import { testServices } from "../setup/test-services.js";
import { browserOf, closePortalMachine, confirmAsSigner, expectSignedBytesVerify, launchPortalBrowser, nextConfirmWindow, preparePortalMachine, type PortalMachine } from "./page-api-session.js";
import { startPageApiPortal, type PageApiPortal } from "./page-api-portal.js";

const services = testServices();
const { mail } = services;
const [sender, recipient] = mail.users as [{ address: string; password: string }, { address: string; password: string }];
let machine: PortalMachine;
let portal: PageApiPortal;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function nextComposeWindow(): Promise<Page> {
  return browserOf(machine).context.waitForEvent("page", { predicate: (page) => page.url().startsWith(`chrome-extension://${CHROMIUM_EXTENSION_ID}/ui/compose/compose.html`), timeout: 30_000 });
}

async function openPortal(): Promise<Page> {
  const page = await browserOf(machine).context.newPage();
  await page.goto(`${portal.origin}/portal`);
  await page.waitForFunction(() => "kyso" in window);
  return page;
}

/** Addresses the message in the compose window and presses Send. */
async function sendFromCompose(window: Page, subject: string): Promise<void> {
  await window.waitForSelector("form#compose:not([hidden])");
  await window.fill("input[name=to]", recipient.address);
  await window.fill("input[name=subject]", subject);
  await window.click("button[name=send]");
}

/** The first attachment of the recipient's INBOX message with `subject`, once it arrived. */
function receivedAttachment(subject: string): Promise<{ filename: string; bytes: Buffer }> {
  return whenInInbox({ endpoints: mail, user: recipient, subject }, async (client, uid) => {
    const message = await client.fetchOne(String(uid), { bodyStructure: true }, { uid: true });
    const part = (message ? message.bodyStructure?.childNodes ?? [] : []).find((node) => node.disposition === "attachment");
    if (!part?.part) throw new Error(`the message "${subject}" has no attachment`);
    return { filename: part.dispositionParameters?.filename ?? "", bytes: await downloadBytes(client, uid, part.part) };
  });
}

beforeAll(async () => {
  machine = await preparePortalMachine(services, "mail");
  // The host's mail account (the config file IT writes) and its password in the encrypted credential file.
  const account = { address: sender.address, smtp: { ...mail.smtp, tls: "starttls" }, imap: { ...mail.imap, tls: "implicit" }, caPem: mail.caPem, outboxDir: "outbox" };
  await writeFile(machine.configFile, JSON.stringify({ mail: account }));
  process.env.KYSO_CREDENTIAL_STORE = "file";
  await encryptedFileStore(join(machine.stateDir, "mail-credentials.json")).write(credentialKey({ user: sender.address, smtp: mail.smtp }), sender.password);
  const tls = services.pki.entities.tlsServer;
  portal = await startPageApiPortal(tls);
  const settings = {
    portals: [{ origin: portal.origin, name: "Cổng thử nghiệm kyso", pdfSelectors: ["a.doc"] }],
    signing: { level: "B-T", tsaUrl: services.tsaUrl },
    keys: { pkcs11ModulesLinux: [machine.token.modulePath] },
    mail: { addressBook: [{ name: "Văn thư Sở Tư pháp", address: recipient.address }] },
  };
  await launchPortalBrowser(machine, { tlsCertPem: await readFile(tls.certPemFile, "utf8"), settings, scriptIds: ["kyso-content", "kyso-page-api"] });
}, 120_000);

afterAll(async () => {
  await closePortalMachine(machine);
  await (portal as PageApiPortal | undefined)?.close();
});

describe("Gửi thư from a portal page", () => {
  it("the Gửi thư button next to a document opens the compose window with it attached, and Send delivers it intact to the recipient's INBOX", async () => {
    const page = await openPortal();
    await page.waitForSelector("a.doc + span[data-kyso-pdf-buttons]");
    const composeOpened = nextComposeWindow();
    await page.locator("span[data-kyso-pdf-buttons] button[data-kyso-action=mail-link]").click();
    const compose = await composeOpened;
    await compose.waitForSelector("#attachment-list li");
    expect(await compose.textContent("#attachment-list")).toContain("cong-van-1.pdf");
    const subject = `Gửi thư kyso ${Date.now()}`;
    await sendFromCompose(compose, subject);
    // The button's status line says the server took it.
    await page.waitForFunction(() => document.querySelector("span[data-kyso-pdf-buttons]")?.shadowRoot?.querySelector("span")?.textContent === "Mail sent.", undefined, { timeout: 60_000 });
    const received = await receivedAttachment(subject);
    expect(received.filename).toBe("cong-van-1.pdf");
    // What the portal serves, read by the page itself with its session.
    const servedSha256 = await page.evaluate(async () => {
      const digest = await crypto.subtle.digest("SHA-256", await (await fetch("/docs/cong-van-1.pdf")).arrayBuffer());
      return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
    });
    expect(sha256(received.bytes)).toBe(servedSha256);
    expect(portal.documentRequests.filter((request) => request.path === "/docs/cong-van-1.pdf").every((request) => request.withSession)).toBe(true);
    await page.close();
  }, 120_000);

  it("window.kyso.mail with signFirst signs in the confirmation window, prefills the compose window, and resolves with the accepted outbox entry; the attachment verifies", async () => {
    const page = await openPortal();
    const subject = `Công văn đã ký ${Date.now()}`;
    const confirmOpened = nextConfirmWindow(machine);
    const composeOpened = nextComposeWindow();
    const mailing = page.evaluate((request) => (window as unknown as { kyso: { mail(r: unknown): Promise<unknown> } }).kyso.mail(request).catch((error: unknown) => ({ error: (error as { code?: string }).code })), {
      documents: [{ url: "/docs/to-trinh-7.pdf", documentNumber: "7/TTr-VP" }],
      to: [recipient.address],
      subject,
      signFirst: "approval",
    });
    await confirmAsSigner(machine, await confirmOpened);
    const compose = await composeOpened;
    await compose.waitForSelector("form#compose:not([hidden])");
    expect(await compose.inputValue("input[name=to]")).toContain(recipient.address);
    expect(await compose.inputValue("input[name=subject]")).toBe(subject);
    await compose.click("button[name=send]");
    expect(await mailing).toMatchObject({ outbox: { state: "accepted" } });
    const received = await receivedAttachment(subject);
    expect(received.filename).toBe("to-trinh-7.pdf");
    await expectSignedBytesVerify(machine, { bytes: received.bytes, name: "mailed-signed.pdf", signatures: 1 });
    await page.close();
  }, 150_000);

  it("window.kyso.mail rejects with CANCELLED when the compose window is closed without sending", async () => {
    const page = await openPortal();
    const composeOpened = nextComposeWindow();
    const mailing = page.evaluate(() => (window as unknown as { kyso: { mail(r: unknown): Promise<unknown> } }).kyso.mail({ documents: [{ url: "/docs/cong-van-1.pdf" }] }).catch((error: unknown) => ({ error: (error as { code?: string }).code })));
    const compose = await composeOpened;
    await compose.waitForSelector("form#compose:not([hidden])");
    await compose.close();
    expect(await mailing).toEqual({ error: "CANCELLED" });
    await page.close();
  }, 90_000);
});
