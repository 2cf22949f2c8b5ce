import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { PDFDocument } from "pdf-lib";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { HostMessage } from "../../shared/protocol/envelope.js";
import type { IncomingMessage, OutboxEntry } from "../../shared/protocol/methods/mail.js";
import { withImap } from "../../test/services/mail/mail-clients.js";
import { waitForCount } from "../../test/services/mail/mail-test-accounts.js";
import { testServices } from "../../test/setup/test-services.js";
import { verifyAuditLog } from "../audit/audit-verify.js";
import { credentialKey } from "../mail/credentials/credential-store.js";
import { encryptedFileStore } from "../mail/credentials/encrypted-file-store.js";
import { startHost, type StartedHost } from "./host-test-harness.js";

/**
 * mail.* through the real native host process, with the account in its config file, the
 * password in its (file) credential store, and the run's Postfix and Dovecot.
 */
const { mail, pki, softhsm } = testServices();
const run = promisify(execFile);
const [an, binh] = mail.users as [{ address: string; password: string }, { address: string; password: string }];
const SUBJECT = "Quyết định số 7/QĐ-UBND về việc ban hành quy chế – Phòng Nội vụ";
const FILE_NAME = "Quyết định 7 – đã ký.pdf";
const BODY = "Kính gửi: Sở Tư pháp. Nội dung này không được vào nhật ký.";
const ORIGIN = "https://ioffice.ubnd.test";
let pdf: Buffer;
const hosts: StartedHost[] = [];

beforeAll(async () => {
  const document = await PDFDocument.create();
  document.addPage().drawText("Quyet dinh 7");
  pdf = Buffer.from(await document.save());
});
afterEach(async () => {
  for (const started of hosts.splice(0)) await started.client.close();
});

async function mailHost(user: { address: string; password: string }, options: { storedPassword?: string | null; pkcs11Modules?: string[] } = {}): Promise<StartedHost> {
  const config = { ...(options.pkcs11Modules ? { pkcs11Modules: options.pkcs11Modules } : {}), mail: { address: user.address, displayName: "Văn phòng UBND", smtp: { ...mail.smtp, tls: "starttls" }, imap: { ...mail.imap, tls: "implicit" }, caPem: mail.caPem } };
  const started = await startHost({ config, env: { KYSO_CREDENTIAL_STORE: "file" } });
  hosts.push(started);
  if (options.storedPassword !== null) {
    await encryptedFileStore(join(started.stateDir, "mail-credentials.json")).write(credentialKey({ user: user.address, smtp: mail.smtp }), options.storedPassword ?? user.password);
  }
  await started.client.hello();
  return started;
}

const resultOf = (message: HostMessage): unknown => ("result" in message ? message.result : undefined);
const errorOf = (message: HostMessage) => ("error" in message ? message.error : undefined);

async function putBlob(started: StartedHost, bytes: Buffer): Promise<string> {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const { message } = await started.client.request({ id: "put", method: "blob.put", params: { totalBytes: bytes.length, offset: 0, data: bytes.toString("base64"), sha256 } });
  return (resultOf(message) as { blobId: string }).blobId;
}

interface MailAuditRecord {
  action: string;
  origin: string;
  documentName?: string;
  documentSha256?: string;
  mail?: { outboxId: string; messageId: string; recipientCount: number; recipientDomains: string[]; attachmentsSha256?: string[] };
  result: string;
}

async function auditRecords(started: StartedHost): Promise<MailAuditRecord[]> {
  const text = await readFile(join(started.stateDir, "audit.jsonl"), "utf8");
  return text.trim().split("\n").map((line) => JSON.parse(line) as MailAuditRecord);
}

describe("native host: mail.* on the real Postfix and Dovecot", () => {
  it("mail.send takes the attachment from blob.put, answers accepted with the Sent copy filed, and audits queued then ok with the outbox id, Message-ID, recipient count and domains — without body, password or recipient address", async () => {
    const sender = await mailHost(an);
    const blobId = await putBlob(sender, pdf);
    const { message, events } = await sender.client.request({
      id: "send",
      method: "mail.send",
      params: { origin: ORIGIN, to: [binh.address], subject: SUBJECT, text: BODY, attachments: [{ blobId, filename: FILE_NAME }], waitMs: 20_000 },
    });
    expect(errorOf(message)).toBeUndefined();
    const { entry } = resultOf(message) as { entry: OutboxEntry };
    expect(entry).toMatchObject({ state: "accepted", subject: SUBJECT, recipients: [{ address: binh.address, status: "accepted" }], sentCopy: { state: "done", mailbox: "Sent" } });
    expect(events).toEqual([{ kind: "progress", done: 1, total: 2, stage: "queued" }, { kind: "progress", done: 2, total: 2, stage: "accepted" }]);
    // The host let go of the attachment's bytes once the message was composed: they do not pile up while the browser stays open.
    const gone = await sender.client.request({ id: "again", method: "blob.get", params: { blobId, offset: 0, length: 1024 } });
    expect(errorOf(gone.message)).toMatchObject({ code: "BAD_REQUEST" });

    const listed = await sender.client.request({ id: "outbox", method: "mail.outbox", params: { action: "list" } });
    expect((resultOf(listed.message) as { entries: OutboxEntry[] }).entries.map((e) => [e.id, e.state])).toEqual([[entry.id, "accepted"]]);

    const records = await auditRecords(sender);
    const sha256 = createHash("sha256").update(pdf).digest("hex");
    const sent = { outboxId: entry.id, messageId: entry.messageId, recipientCount: 1, recipientDomains: [binh.address.split("@")[1]], attachmentsSha256: [sha256] };
    expect(records.map((r) => ({ action: r.action, origin: r.origin, documentName: r.documentName, documentSha256: r.documentSha256, mail: r.mail, result: r.result }))).toEqual([
      { action: "mail", origin: ORIGIN, documentName: FILE_NAME, documentSha256: sha256, mail: sent, result: "queued" },
      { action: "mail", origin: ORIGIN, documentName: FILE_NAME, documentSha256: sha256, mail: sent, result: "ok" },
    ]);
    expect(verifyAuditLog(await readFile(join(sender.stateDir, "audit.jsonl"), "utf8"))).toMatchObject({ ok: true, records: 2 });
    const auditText = await readFile(join(sender.stateDir, "audit.jsonl"), "utf8");
    expect(auditText).not.toContain(binh.address);
    const everything = `${auditText}${await sender.logText()}`;
    expect(everything).not.toContain(an.password);
    expect(everything).not.toContain("Nội dung này");

    // The recipient's side: listed from BODYSTRUCTURE, the attachment downloaded into a blob intact.
    expect(await waitForCount({ servers: mail, user: binh, mailbox: "INBOX", messageId: entry.messageId, atLeast: 1 })).toBe(1);
    const recipient = await mailHost(binh);
    const inbox = await recipient.client.request({ id: "inbox", method: "mail.inbox", params: { limit: 30 } });
    const received = (resultOf(inbox.message) as { messages: IncomingMessage[] }).messages.find((m) => m.messageId === entry.messageId);
    expect(received).toMatchObject({ subject: SUBJECT, from: `Văn phòng UBND <${an.address}>`, smimeSigned: false, attachments: [{ filename: FILE_NAME }] });
    const attachment = await recipient.client.request({ id: "att", method: "mail.attachment", params: { uid: received?.uid, part: received?.attachments[0]?.part } });
    const downloaded = resultOf(attachment.message) as { blobId: string; filename: string; sizeBytes: number; sha256: string };
    expect(downloaded).toMatchObject({ filename: FILE_NAME, sizeBytes: pdf.length, sha256 });
    const bytes = await recipient.client.request({ id: "get", method: "blob.get", params: { blobId: downloaded.blobId, offset: 0, length: 256 * 1024 } });
    expect(Buffer.from((resultOf(bytes.message) as { data: string }).data, "base64").equals(pdf)).toBe(true);
  });

  it("answers a wrong stored password with a failed entry MAIL_AUTH_FAILED (535) for mail.send and an error for mail.inbox, both audited or typed", async () => {
    const sender = await mailHost(an, { storedPassword: "sai-mat-khau-host" });
    const send = await sender.client.request({ id: "send", method: "mail.send", params: { origin: ORIGIN, to: [binh.address], subject: "Thử", text: "x", waitMs: 10_000 } });
    expect((resultOf(send.message) as { entry: OutboxEntry }).entry).toMatchObject({ state: "failed", lastError: { code: "MAIL_AUTH_FAILED", responseCode: 535 } });
    expect((await auditRecords(sender)).map((r) => r.result)).toEqual(["queued", "MAIL_AUTH_FAILED"]);
    const inbox = await sender.client.request({ id: "inbox", method: "mail.inbox", params: {} });
    expect(errorOf(inbox.message)?.code).toBe("MAIL_AUTH_FAILED");
    expect(await sender.logText()).not.toContain("sai-mat-khau-host");
  });

  it("answers MAIL_CREDENTIALS_MISSING before kyso mail login", async () => {
    const sender = await mailHost(an, { storedPassword: null });
    const inbox = await sender.client.request({ id: "inbox", method: "mail.inbox", params: {} });
    expect(errorOf(inbox.message)?.code).toBe("MAIL_CREDENTIALS_MISSING");
  });

  it("keeps a refused message failed with the 550 reply until the user cancels it through mail.outbox (audited), and refuses to retry a cancelled one", async () => {
    const sender = await mailHost(an);
    const send = await sender.client.request({ id: "send", method: "mail.send", params: { origin: ORIGIN, to: ["khong-ton-tai@sotp.test"], subject: "Thử", text: "x" } });
    const { entry } = resultOf(send.message) as { entry: OutboxEntry };
    expect(entry).toMatchObject({ state: "failed", lastError: { code: "MAIL_RECIPIENT_REFUSED", responseCode: 550 } });
    const cancel = await sender.client.request({ id: "cancel", method: "mail.outbox", params: { action: "cancel", id: entry.id, origin: ORIGIN } });
    expect((resultOf(cancel.message) as { entries: OutboxEntry[] }).entries[0]?.state).toBe("cancelled");
    const retry = await sender.client.request({ id: "retry", method: "mail.outbox", params: { action: "retry", id: entry.id } });
    expect(errorOf(retry.message)?.code).toBe("MAIL_OUTBOX_STATE");
    const records = await auditRecords(sender);
    expect(records.map((r) => r.result)).toEqual(["queued", "MAIL_RECIPIENT_REFUSED", "cancelled"]);
    // The cancel names the message by its outbox id and Message-ID; it has no attachments of its own.
    expect(records[2]).toMatchObject({ mail: { outboxId: entry.id, messageId: entry.messageId, recipientCount: 1, recipientDomains: ["sotp.test"] } });
    expect(records[2]?.documentName).toBeUndefined();
  });

  it("refuses a mail.send naming a blob it does not hold, and an address that is not one", async () => {
    const sender = await mailHost(an);
    const noBlob = await sender.client.request({ id: "a", method: "mail.send", params: { origin: ORIGIN, to: [binh.address], subject: "x", text: "x", attachments: [{ blobId: "AAAAAAAAAAAA", filename: "a.pdf" }] } });
    expect(errorOf(noBlob.message)?.code).toBe("BAD_REQUEST");
    const badAddress = await sender.client.request({ id: "b", method: "mail.send", params: { origin: ORIGIN, to: ["binh@sotp.test>\r\nBcc: x@y"], subject: "x", text: "x" } });
    expect(errorOf(badAddress.message)?.code).toBe("BAD_REQUEST");
  });

  it("S/MIME-signs with the token key named by a pkcs11: certificate id and the PIN, verified by openssl as received; the PIN is in no log", async () => {
    const entity = softhsm.objects.find((o) => o.entity === "signerRsa2048");
    const certificateId = `pkcs11:token=${softhsm.tokenLabel};id=%${entity?.idHex ?? ""};type=cert`;
    const sender = await mailHost(an, { pkcs11Modules: [softhsm.modulePath] });
    const send = await sender.client.request({ id: "send", method: "mail.send", params: { origin: ORIGIN, to: [binh.address], subject: SUBJECT, text: BODY, smime: { certificateId, pin: softhsm.userPin }, waitMs: 20_000 } });
    const { entry } = resultOf(send.message) as { entry: OutboxEntry };
    expect(entry.state).toBe("accepted");
    await waitForCount({ servers: mail, user: binh, mailbox: "INBOX", messageId: entry.messageId, atLeast: 1 });
    const raw = await withImap(mail, binh, async (client) => {
      const lock = await client.getMailboxLock("INBOX");
      try {
        const [uid] = (await client.search({ header: { "message-id": entry.messageId } }, { uid: true })) || [];
        const fetched = await client.fetchOne(String(uid), { source: true }, { uid: true });
        return (fetched ? fetched.source : undefined) ?? Buffer.alloc(0);
      } finally {
        lock.release();
      }
    });
    const file = join(sender.stateDir, "received.eml");
    await writeFile(file, raw);
    const verified = await run("openssl", ["smime", "-verify", "-in", file, "-CAfile", pki.chainPemFile, "-out", join(sender.stateDir, "content.mime")]);
    expect(verified.stderr).toContain("Verification successful");
    expect(await sender.logText()).not.toContain(softhsm.userPin);
    const audit = await readFile(join(sender.stateDir, "audit.jsonl"), "utf8");
    expect(audit).not.toContain(softhsm.userPin);
    expect((JSON.parse(audit.trim().split("\n").at(-1) ?? "{}") as { result: string; certificate?: { subject: string } })).toMatchObject({ result: "ok", certificate: { subject: expect.stringContaining("Nguyễn Văn An") as string } });
  });
});
