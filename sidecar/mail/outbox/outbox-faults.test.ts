import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMailServers, type MailServers } from "../../../test/services/mail-servers.js";
import { countByMessageId, testAccount, waitForCount } from "../../../test/services/mail/mail-test-accounts.js";
import { testServices } from "../../../test/setup/test-services.js";
import { composeMessage } from "../mime/compose-message.js";
import { Outbox, type OutboxOptions } from "./outbox.js";

/**
 * Faults need servers of their own: stopping the run's shared Postfix would break other test
 * files running in parallel. Each message must end delivered once and in Sent once, or be
 * marked needs-review — never lost, never sent twice blindly.
 */
const { pki } = testServices();
let servers: MailServers;
let workDir = "";
const FAST = { retry: { baseDelayMs: 200, maxDelayMs: 1_000, maxAttempts: 20 }, imapRetry: { attempts: 2, baseDelayMs: 100, timeoutMs: 5_000 }, smtpTimeoutMs: 8_000 };

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "kyso-mail-faults-"));
  const { chmod } = await import("node:fs/promises");
  await chmod(workDir, 0o755);
  const tls = pki.entities.tlsServer;
  servers = await startMailServers({ stateDir: join(workDir, "state"), tlsCertFile: tls.certPemFile, tlsKeyFile: tls.keyPemFile, caPem: await readFile(pki.chainPemFile, "utf8") });
}, 60_000);

afterAll(async () => {
  await (servers as MailServers | undefined)?.stop();
  if (workDir !== "") await rm(workDir, { recursive: true, force: true });
}, 60_000);

async function setUp(attachmentBytes = 2_000) {
  const [an, binh] = servers.users;
  const { account, credentials } = await testAccount(servers, an);
  const message = await composeMessage({
    from: { address: an.address },
    to: [binh.address],
    subject: "Giấy mời họp",
    text: "Kính mời.",
    attachments: [{ filename: "giay-moi.pdf", content: randomBytes(attachmentBytes), contentType: "application/pdf" }],
  });
  const options: OutboxOptions = { account, credentials, ...FAST };
  return { an, binh, message, options };
}

async function counts(message: { messageId: string }) {
  const [an, binh] = servers.users;
  const inbox = await waitForCount({ servers, user: binh, mailbox: "INBOX", messageId: message.messageId, atLeast: 1, timeoutMs: 5_000 });
  const sent = await countByMessageId({ servers, user: an, mailbox: "Sent", messageId: message.messageId });
  return { inbox, sent };
}

describe("outbox under faults (private Postfix + Dovecot)", () => {
  it("keeps a message queued while Postfix is down and delivers it exactly once when it is back", { timeout: 60_000 }, async () => {
    const { message, options } = await setUp();
    await servers.stopPostfix();
    const outbox = await Outbox.open(options);
    try {
      const queued = await outbox.enqueue(message, "Giấy mời họp");
      const [first] = await outbox.processDue();
      expect(first).toMatchObject({ state: "queued", attempts: 1, lastError: { code: "MAIL_SERVER_UNREACHABLE" } });
      await servers.startPostfix();
      const [entry] = await outbox.drain({ deadlineMs: 20_000, ids: [queued.id] });
      expect(entry).toMatchObject({ state: "accepted", sentCopy: { state: "done" } });
      expect(entry?.attempts).toBeGreaterThanOrEqual(2);
    } finally {
      await outbox.close();
      await servers.startPostfix();
    }
    expect(await counts(message)).toEqual({ inbox: 1, sent: 1 });
  });

  it("never resends blindly when Postfix is stopped (postfix stop) during a 6 MB send: delivered once and in Sent once, or needs-review", { timeout: 90_000 }, async () => {
    const { message, options } = await setUp(6_000_000);
    const outbox = await Outbox.open(options);
    try {
      const queued = await outbox.enqueue(message, "Giấy mời họp");
      const sending = outbox.processDue({ sentCopies: false });
      await new Promise((resolve) => setTimeout(resolve, 60));
      await servers.stopPostfix();
      const [after] = await sending;
      await servers.startPostfix();
      expect(["accepted", "queued", "needs-review"]).toContain(after?.state);
      const [entry] = await outbox.drain({ deadlineMs: 30_000, ids: [queued.id] });
      const { inbox, sent } = await counts(message);
      if (entry?.state === "needs-review") {
        expect(entry.lastError?.code).toBe("MAIL_NEEDS_REVIEW");
        expect(inbox).toBeLessThanOrEqual(1);
        expect(sent).toBe(0);
      } else {
        expect(entry).toMatchObject({ state: "accepted", sentCopy: { state: "done" } });
        expect({ inbox, sent }).toEqual({ inbox: 1, sent: 1 });
      }
    } finally {
      await outbox.close();
      await servers.startPostfix();
    }
  });

  it("files the Sent copy exactly once when Dovecot stops during APPEND and comes back", { timeout: 90_000 }, async () => {
    const { message, options } = await setUp(3_000_000);
    const outbox = await Outbox.open(options);
    try {
      const queued = await outbox.enqueue(message, "Giấy mời họp");
      const [accepted] = await outbox.processDue({ sentCopies: false });
      expect(accepted?.state).toBe("accepted");
      const filing = outbox.processDue();
      await new Promise((resolve) => setTimeout(resolve, 30));
      await servers.stopDovecot();
      const [afterStop] = await filing;
      expect(["pending", "done"]).toContain(afterStop?.sentCopy.state);
      await servers.startDovecot();
      const [entry] = await outbox.drain({ deadlineMs: 30_000, ids: [queued.id] });
      expect(entry).toMatchObject({ state: "accepted", sentCopy: { state: "done" } });
    } finally {
      await outbox.close();
      await servers.startDovecot();
    }
    expect(await counts(message)).toEqual({ inbox: 1, sent: 1 });
  });

  it("after a restart between accepted and appended, appends the Sent copy once; a second restart adds none", { timeout: 60_000 }, async () => {
    const { message, options } = await setUp();
    let outbox = await Outbox.open(options);
    const queued = await outbox.enqueue(message, "Giấy mời họp");
    await outbox.processDue({ sentCopies: false });
    await outbox.close(); // "killed": accepted is on disk, the copy is not in Sent yet
    outbox = await Outbox.open(options);
    let [entry] = await outbox.drain({ deadlineMs: 20_000, ids: [queued.id] });
    expect(entry).toMatchObject({ state: "accepted", sentCopy: { state: "done" } });
    // Killed after APPEND but before "done" was stored: the record says pending again.
    await outbox.store.save({ ...entry!, sentCopy: { state: "pending", attempts: 0 } });
    await outbox.close();
    outbox = await Outbox.open(options);
    [entry] = await outbox.drain({ deadlineMs: 20_000, ids: [queued.id] });
    await outbox.close();
    expect(entry?.sentCopy.state).toBe("done");
    expect(await counts(message)).toEqual({ inbox: 1, sent: 1 });
  });

  it("marks a message found 'sending' after a crash as needs-review, and sends it again only when the user retries", { timeout: 60_000 }, async () => {
    const { message, options } = await setUp();
    let outbox = await Outbox.open(options);
    const queued = await outbox.enqueue(message, "Giấy mời họp");
    await outbox.store.save({ ...queued, state: "sending", attempts: 1 }); // crashed mid-send
    await outbox.close();
    outbox = await Outbox.open(options);
    try {
      expect(await outbox.store.load(queued.id)).toMatchObject({ state: "needs-review", lastError: { code: "MAIL_NEEDS_REVIEW" } });
      expect(await outbox.processDue()).toEqual([]);
      await outbox.retryEntry(queued.id);
      const [entry] = await outbox.drain({ deadlineMs: 20_000, ids: [queued.id] });
      expect(entry).toMatchObject({ state: "accepted", sentCopy: { state: "done" } });
    } finally {
      await outbox.close();
    }
    expect(await counts(message)).toEqual({ inbox: 1, sent: 1 });
  });
});
