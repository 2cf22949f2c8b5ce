import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { runKyso } from "../../test/cli/run-kyso.js";
import { downloadBytes, withImap } from "../../test/services/mail/mail-clients.js";
import { countByMessageId, sha256Hex, testAccount, waitForCount } from "../../test/services/mail/mail-test-accounts.js";
import { PKCS12_PASSWORD } from "../../test/pki/test-pki.js";
import { testServices } from "../../test/setup/test-services.js";
import { loadPkcs12Signer } from "../keys/pkcs12-signer.js";
import { downloadAttachment, listIncomingPdfMail } from "./imap/incoming.js";
import { composeMessage } from "./mime/compose-message.js";
import { Outbox } from "./outbox/outbox.js";

const { mail, pki } = testServices();
const [an, binh] = mail.users as [{ address: string; password: string }, { address: string; password: string }];
const run = promisify(execFile);
let scratch = "";
let signedPdf: Buffer;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-mail-delivery-"));
  const document = await PDFDocument.create();
  document.addPage();
  await writeFile(join(scratch, "cong-van.pdf"), await document.save());
  const signed = await runKyso(["sign", join(scratch, "cong-van.pdf"), "-o", join(scratch, "công văn 123.pdf"), "--key", pki.entities.signerRsa2048.p12File, "--pin-env", "P"], { env: { P: PKCS12_PASSWORD } });
  if (signed.code !== 0) throw new Error(signed.stderr);
  signedPdf = await readFile(join(scratch, "công văn 123.pdf"));
});

async function sendThroughOutbox(options: { smime?: boolean; to?: string[] }) {
  const { account, credentials } = await testAccount(mail, an);
  const message = await composeMessage({
    from: { address: an.address, name: "Nguyễn Văn An" },
    to: options.to ?? [binh.address],
    subject: "Công văn số 123/UBND-VP về việc họp giao ban",
    text: "Kính gửi: Sở Tư pháp\nXin gửi kèm công văn.",
    attachments: [{ filename: "công văn 123.pdf", content: signedPdf, contentType: "application/pdf" }],
    readReceipt: true,
    ...(options.smime ? { smimeSigner: await loadPkcs12Signer({ p12: await readFile(pki.entities.signerRsa2048.p12File), password: PKCS12_PASSWORD }) } : {}),
  });
  const outbox = await Outbox.open({ account, credentials });
  try {
    const queued = await outbox.enqueue(message, "Công văn số 123/UBND-VP");
    const [entry] = await outbox.drain({ deadlineMs: 20_000, ids: [queued.id] });
    return { entry, message, account, credentials };
  } finally {
    await outbox.close();
  }
}

describe("official mail through the agency's Postfix and Dovecot", () => {
  it("delivers a signed PDF intact (same SHA-256) and files the message in Sent exactly once", async () => {
    const { entry, message } = await sendThroughOutbox({});
    expect(entry?.state).toBe("accepted");
    expect(entry?.recipients).toEqual([{ address: binh.address, status: "accepted" }]);
    expect(entry?.sentCopy).toMatchObject({ state: "done", mailbox: "Sent" });
    expect(await waitForCount({ servers: mail, user: binh, mailbox: "INBOX", messageId: message.messageId, atLeast: 1 })).toBe(1);
    expect(await countByMessageId({ servers: mail, user: an, mailbox: "Sent", messageId: message.messageId })).toBe(1);

    const { account, credentials } = await testAccount(mail, binh);
    const listed = (await listIncomingPdfMail({ account, credentials, limit: 20 })).find((m) => m.messageId === message.messageId);
    expect(listed?.subject).toBe("Công văn số 123/UBND-VP về việc họp giao ban");
    expect(listed?.attachments.map((a) => a.filename)).toEqual(["công văn 123.pdf"]);
    const part = listed?.attachments[0]?.part ?? "";
    const downloaded = await downloadAttachment({ account, credentials, uid: listed?.uid ?? 0, part });
    expect(sha256Hex(downloaded.content)).toBe(sha256Hex(signedPdf));
    expect(downloaded.filename).toBe("công văn 123.pdf");
  });

  it("signs with S/MIME so that openssl smime -verify accepts the message as the recipient received it", async () => {
    const { entry, message } = await sendThroughOutbox({ smime: true });
    expect(entry?.state).toBe("accepted");
    expect(message.raw.toString("latin1")).toMatch(/multipart\/signed; protocol="application\/pkcs7-signature"; micalg=sha-256/);
    await waitForCount({ servers: mail, user: binh, mailbox: "INBOX", messageId: message.messageId, atLeast: 1 });
    const received = await withImap(mail, binh, async (client) => {
      const lock = await client.getMailboxLock("INBOX");
      try {
        const [uid] = (await client.search({ header: { "message-id": message.messageId } }, { uid: true })) || [];
        return await downloadBytes(client, uid!);
      } finally {
        lock.release();
      }
    });
    const file = join(scratch, "received.eml");
    await writeFile(file, received);
    const verified = await run("openssl", ["smime", "-verify", "-in", file, "-CAfile", pki.chainPemFile, "-out", join(scratch, "content.mime")]);
    expect(verified.stderr).toContain("Verification successful");
    const { account, credentials } = await testAccount(mail, binh);
    const listed = (await listIncomingPdfMail({ account, credentials })).find((m) => m.messageId === message.messageId);
    expect(listed?.smimeSigned).toBe(true);
    expect(listed?.attachments).toHaveLength(1);
  });

  it("records a refused recipient with the server's 550 reply and still delivers to the others", async () => {
    const { entry, message } = await sendThroughOutbox({ to: ["khong-ton-tai@sotp.test", binh.address] });
    expect(entry?.state).toBe("accepted");
    expect(entry?.recipients).toContainEqual(expect.objectContaining({ address: "khong-ton-tai@sotp.test", status: "refused", responseCode: 550 }));
    expect(entry?.lastError?.code).toBe("MAIL_RECIPIENT_REFUSED");
    expect(entry?.lastError?.detail).toMatch(/^550 5\.1\.1 .*khong-ton-tai@sotp\.test/);
    expect(await waitForCount({ servers: mail, user: binh, mailbox: "INBOX", messageId: message.messageId, atLeast: 1 })).toBe(1);
  });

  it("fails permanently with MAIL_RECIPIENT_REFUSED when every recipient is refused, keeping the reply", async () => {
    const { entry } = await sendThroughOutbox({ to: ["khong-ton-tai@sotp.test"] });
    expect(entry?.state).toBe("failed");
    expect(entry?.attempts).toBe(1);
    expect(entry?.lastError).toMatchObject({ code: "MAIL_RECIPIENT_REFUSED", responseCode: 550 });
    expect(entry?.recipients[0]).toMatchObject({ status: "refused", responseCode: 550 });
  });
});

describe("mail account errors are typed, with the server's reply", () => {
  it("reports a wrong password as MAIL_AUTH_FAILED (535) and does not retry it", async () => {
    const { account } = await testAccount(mail, an);
    const outbox = await Outbox.open({ account, credentials: { user: an.address, password: "sai-mat-khau" } });
    try {
      const message = await composeMessage({ from: { address: an.address }, to: [binh.address], subject: "x", text: "x" });
      const queued = await outbox.enqueue(message, "x");
      const [entry] = await outbox.drain({ deadlineMs: 5_000, ids: [queued.id] });
      expect(entry).toMatchObject({ state: "failed", attempts: 1, lastError: { code: "MAIL_AUTH_FAILED", responseCode: 535 } });
      expect(JSON.stringify(entry)).not.toContain(an.password);
    } finally {
      await outbox.close();
    }
  });

  it("refuses a server certificate the agency CA did not issue with MAIL_TLS_UNTRUSTED (SMTP and IMAP)", async () => {
    const selfSigned = await readFile(pki.entities.signerRsa2048.certPemFile, "utf8");
    const { account, credentials } = await testAccount(mail, an, { caPem: selfSigned });
    const outbox = await Outbox.open({ account, credentials });
    try {
      const message = await composeMessage({ from: { address: an.address }, to: [binh.address], subject: "x", text: "x" });
      const queued = await outbox.enqueue(message, "x");
      const [entry] = await outbox.drain({ deadlineMs: 5_000, ids: [queued.id] });
      expect(entry).toMatchObject({ state: "failed", lastError: { code: "MAIL_TLS_UNTRUSTED" } });
    } finally {
      await outbox.close();
    }
    await expect(listIncomingPdfMail({ account, credentials })).rejects.toMatchObject({ code: "MAIL_TLS_UNTRUSTED" });
  });
});
