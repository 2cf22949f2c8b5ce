/**
 * Official mail in the popup and S/MIME from the compose window (issue 8), end to end: the
 * built extension in the system Chromium, the native host `kyso install` registered for the
 * profile with a mail account on the run's Postfix/Dovecot, this file's own SoftHSM2 token copy.
 * - Outbox: a message the server accepted shows as sent; one to a recipient Postfix refuses shows
 *   as failed with the server's reply, Retry (still refused: failed again) and Cancel.
 * - Incoming: a message with a signed PDF and a byte-changed copy, put into the account's INBOX
 *   by IMAP APPEND, is listed with one badge per PDF, verified by the shared verifier in the
 *   browser — valid (or indeterminate) and invalid — and the badge opens the full report.
 * - Compose with "Ký thư (S/MIME)" ticked (policy mail.smime) signs with the token key and the PIN
 *   typed in the window; the delivered message passes `openssl smime -verify` as the signer.
 */
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { PDFDocument } from "pdf-lib";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_EXTENSION_ID } from "../../shared/extension-identity.js";
import { credentialKey } from "../../sidecar/mail/credentials/credential-store.js";
import { encryptedFileStore } from "../../sidecar/mail/credentials/encrypted-file-store.js";
import { runKyso } from "../cli/run-kyso.js";
import { downloadBytes, whenInInbox, withImap } from "../services/mail/mail-clients.js";
import { testServices } from "../setup/test-services.js";
import { kysoSigned } from "../verify/signed-files.js";
import { browserOf, chooseSigner, closePortalMachine, launchPortalBrowser, preparePortalMachine, type PortalMachine } from "./page-api-session.js";
import { startPageApiPortal, type PageApiPortal } from "./page-api-portal.js";

const run = promisify(execFile);
const services = testServices();
const { mail, pki } = services;
const [sender, recipient] = mail.users as [{ address: string; password: string }, { address: string; password: string }];
const POPUP_URL = `chrome-extension://${CHROMIUM_EXTENSION_ID}/popup/popup.html`;
let machine: PortalMachine;
let portal: PageApiPortal;

beforeAll(async () => {
  machine = await preparePortalMachine(services, "mail-popup");
  const account = { address: sender.address, smtp: { ...mail.smtp, tls: "starttls" }, imap: { ...mail.imap, tls: "implicit" }, caPem: mail.caPem, outboxDir: "outbox" };
  await writeFile(machine.configFile, JSON.stringify({ mail: account }));
  process.env.KYSO_CREDENTIAL_STORE = "file";
  await encryptedFileStore(join(machine.stateDir, "mail-credentials.json")).write(credentialKey({ user: sender.address, smtp: mail.smtp }), sender.password);
  const tls = pki.entities.tlsServer;
  portal = await startPageApiPortal(tls);
  const settings = {
    portals: [{ origin: portal.origin, name: "Cổng thử nghiệm kyso" }],
    keys: { pkcs11ModulesLinux: [machine.token.modulePath] },
    trust: { anchorsPem: [machine.rootPem] },
    mail: { smime: true, addressBook: [{ name: "Văn thư Sở Tư pháp", address: recipient.address }] },
  };
  await launchPortalBrowser(machine, { tlsCertPem: await readFile(tls.certPemFile, "utf8"), settings, scriptIds: ["kyso-page-api"], locale: "en" });
}, 120_000);

afterAll(async () => {
  await closePortalMachine(machine);
  await (portal as PageApiPortal | undefined)?.close();
});

/** `kyso mail send` with the host's own config and state: the same outbox the popup reads. */
async function sendWithCli(to: string, subject: string): Promise<void> {
  const sent = await runKyso(["mail", "send", "--config", machine.configFile, "--password-env", "MAIL_PASSWORD", "--to", to, "--subject", subject, "--json"], {
    env: { KYSO_STATE_DIR: machine.stateDir, KYSO_CONFIG: machine.configFile, MAIL_PASSWORD: sender.password, HOME: machine.sandbox },
  });
  if (sent.code !== 0 && !/failed|MAIL_RECIPIENT_REFUSED/.test(sent.stdout + sent.stderr)) throw new Error(`kyso mail send: ${sent.stderr}`);
}

async function openPopup(): Promise<Page> {
  const page = await browserOf(machine).context.newPage();
  await page.setViewportSize({ width: 384, height: 900 });
  await page.goto(POPUP_URL);
  await page.waitForSelector("#sidecar-status[data-state=connected]", { timeout: 20_000 });
  return page;
}

const outboxItem = (popup: Page, subject: string) => popup.locator("#outbox li", { hasText: subject });

/** A PDF with one line of text, made here. */
async function samplePdf(text: string): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  document.addPage().drawText(text);
  return document.save();
}

/** RFC 2047 encoded-word and RFC 2045 base64 lines: what a mail client would send. */
const encodedWord = (text: string) => `=?UTF-8?B?${Buffer.from(text).toString("base64")}?=`;
const base64Lines = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64").replace(/.{76}/g, "$&\r\n");

function messageWithPdfs(subject: string, pdfs: Array<{ filename: string; bytes: Uint8Array }>): string {
  const boundary = `kyso-${Date.now()}`;
  const parts = pdfs.map(
    (pdf) => `--${boundary}\r\nContent-Type: application/pdf; name="${pdf.filename}"\r\nContent-Disposition: attachment; filename="${pdf.filename}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(pdf.bytes)}\r\n`,
  );
  return [
    `From: =?UTF-8?B?${Buffer.from("Sở Tư pháp").toString("base64")}?= <${recipient.address}>`,
    `To: ${sender.address}`,
    `Subject: ${encodedWord(subject)}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${boundary}@sotp.test>`,
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nKính gửi: UBND tỉnh.\r\n`,
    ...parts,
    `--${boundary}--`,
    "",
  ].join("\r\n");
}

describe("popup outbox with the real host and Postfix", () => {
  it("shows a message the server accepted as sent, and one to a refused recipient as failed with the server's reply, Retry and Cancel", async () => {
    const stamp = Date.now();
    const acceptedSubject = `Công văn đã gửi ${stamp}`;
    const refusedSubject = `Công văn bị từ chối ${stamp}`;
    await sendWithCli(recipient.address, acceptedSubject);
    await sendWithCli("khong-ton-tai@sotp.test", refusedSubject);

    const popup = await openPopup();
    await popup.waitForSelector("#outbox[data-loaded=true]", { state: "attached", timeout: 30_000 });
    const accepted = outboxItem(popup, acceptedSubject);
    expect(await accepted.getAttribute("data-state")).toBe("accepted");
    expect(await accepted.locator(".state").textContent()).toBe("sent");
    expect(await accepted.locator("button").count()).toBe(0);

    const refused = outboxItem(popup, refusedSubject);
    expect(await refused.getAttribute("data-state")).toBe("failed");
    expect(await refused.locator(".state").textContent()).toBe("failed");
    // The server's own words: Postfix's 550 for an unknown virtual mailbox.
    expect(await refused.locator(".problem").allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^Refused: khong-ton-tai@sotp\.test — 550 .*khong-ton-tai@sotp\.test/)]));
    await popup.screenshot({ path: join(import.meta.dirname, "../../test-artifacts/popup-outbox-en.png"), fullPage: true });

    // Retry: the message is worked again and refused again (shown as sending meanwhile).
    await refused.locator("button[name=retry]").click();
    expect(await refused.getAttribute("data-state")).toBe("sending");
    await expect.poll(() => outboxItem(popup, refusedSubject).locator("button[name=retry]").isEnabled(), { timeout: 45_000 }).toBe(true);
    expect(await outboxItem(popup, refusedSubject).getAttribute("data-state")).toBe("failed");

    await outboxItem(popup, refusedSubject).locator("button[name=cancel]").click();
    await expect.poll(() => outboxItem(popup, refusedSubject).getAttribute("data-state"), { timeout: 30_000 }).toBe("cancelled");
    expect(await outboxItem(popup, refusedSubject).locator("button").count()).toBe(0);
    await popup.close();
  }, 120_000);
});

describe("popup incoming mail with the real host and Dovecot", () => {
  it("lists a message's PDFs with a badge each — the signed one valid or indeterminate, the byte-changed copy invalid — and opens the full report", async () => {
    const signed = await kysoSigned({ pki, bytes: await samplePdf("Quyet dinh 12/QD-STP"), entity: "signerRsa2048" });
    const tampered = new Uint8Array(signed);
    // A byte of the binary comment on the second line (RFC 8118's "%" + 4 high bytes): inside the signed byte range, harmless to a parser.
    expect(Buffer.from(tampered.subarray(0, 10)).toString("latin1")).toMatch(/^%PDF-\d\.\d\n%$/);
    tampered[11] = tampered[11]! ^ 0x01;
    const subject = `Văn bản đến ${Date.now()}`;
    await withImap(mail, sender, (client) => client.append("INBOX", messageWithPdfs(subject, [{ filename: "quyet-dinh-12.pdf", bytes: signed }, { filename: "quyet-dinh-12-da-sua.pdf", bytes: tampered }])));

    const popup = await openPopup();
    const item = popup.locator("#incoming > li", { hasText: subject });
    await item.waitFor({ timeout: 30_000 });
    expect(await item.locator(".detail").first().textContent()).toContain(`Sở Tư pháp <${recipient.address}>`);
    const badge = (filename: string) => item.locator(".attachments li", { hasText: filename }).locator("button.badge");
    await expect.poll(() => badge("quyet-dinh-12.pdf").getAttribute("data-badge"), { timeout: 60_000 }).toMatch(/^(passed|indeterminate)$/);
    await expect.poll(() => badge("quyet-dinh-12-da-sua.pdf").getAttribute("data-badge"), { timeout: 60_000 }).toBe("failed");
    expect(await badge("quyet-dinh-12-da-sua.pdf").textContent()).toBe("invalid");
    expect(["valid", "indeterminate"]).toContain(await badge("quyet-dinh-12.pdf").textContent());
    await popup.screenshot({ path: join(import.meta.dirname, "../../test-artifacts/popup-incoming-en.png"), fullPage: true });

    const reportOpened = browserOf(machine).context.waitForEvent("page", { predicate: (page) => page.url().includes("/popup/attachment-report.html"), timeout: 20_000 });
    await badge("quyet-dinh-12-da-sua.pdf").click();
    const report = await reportOpened;
    await report.waitForSelector("#status[data-state=done]", { timeout: 30_000 });
    expect(await report.getAttribute(".kyso-report", "data-indication")).toBe("TOTAL_FAILED");
    expect(await report.textContent("#file-name")).toBe("quyet-dinh-12-da-sua.pdf");
    expect(await report.locator("article.signature").count()).toBe(1);
    await report.close();
    await popup.close();
  }, 150_000);
});

describe("compose with Ký thư (S/MIME)", () => {
  it("signs the message with the token key and the PIN typed in the compose window; openssl smime -verify accepts what the recipient received, signed by the token's certificate", async () => {
    const page = await browserOf(machine).context.newPage();
    await page.goto(`${portal.origin}/portal`);
    await page.waitForFunction(() => "kyso" in window);
    const subject = `Thư ký S/MIME ${Date.now()}`;
    const composeOpened = browserOf(machine).context.waitForEvent("page", { predicate: (p) => p.url().startsWith(`chrome-extension://${CHROMIUM_EXTENSION_ID}/ui/compose/compose.html`), timeout: 30_000 });
    const mailing = page.evaluate(
      (request) => (window as unknown as { kyso: { mail(r: unknown): Promise<unknown> } }).kyso.mail(request).catch((error: unknown) => ({ error: (error as { code?: string }).code })),
      { documents: [{ url: "/docs/cong-van-1.pdf" }], to: [recipient.address], subject },
    );
    const compose = await composeOpened;
    await compose.waitForSelector("form#compose:not([hidden])");
    expect(await compose.isChecked("input[name=smime]")).toBe(true);
    await chooseSigner(machine, compose);
    await compose.fill("input[name=pin]", machine.token.userPin);
    await compose.click("button[name=send]");
    expect(await mailing).toMatchObject({ outbox: { state: "accepted" } });

    const raw = await receivedMessage(subject);
    expect(raw.toString("latin1")).toMatch(/multipart\/signed; protocol="application\/pkcs7-signature"; micalg=sha-256/);
    const file = join(machine.sandbox, "smime-received.eml");
    const signerFile = join(machine.sandbox, "smime-signer.pem");
    await writeFile(file, raw);
    const verified = await run("openssl", ["smime", "-verify", "-in", file, "-CAfile", pki.chainPemFile, "-purpose", "any", "-signer", signerFile, "-out", join(machine.sandbox, "smime-content.mime")]);
    expect(verified.stderr).toContain("Verification successful");
    const subjectLine = await run("openssl", ["x509", "-in", signerFile, "-noout", "-subject", "-nameopt", "utf8"]);
    expect(subjectLine.stdout).toContain(machine.signerName);
    await page.close();
  }, 150_000);
});

/** The whole message as the recipient's INBOX has it, once it arrived. */
const receivedMessage = (subject: string): Promise<Buffer> => whenInInbox({ endpoints: mail, user: recipient, subject }, (client, uid) => downloadBytes(client, uid));
