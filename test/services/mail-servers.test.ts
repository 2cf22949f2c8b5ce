import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmod, mkdir, mkdtemp, readdir, readFile, readlink, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { ImapFlow, type MessageStructureObject } from "imapflow";
import type { NodemailerError, SMTPTransportOptions } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submissionTransport, withImap as withImapClient } from "./mail/mail-clients.js";
import { startMailServers, type MailServers, type MailUser } from "./mail-servers.js";
import { canConnect } from "./mail/processes.js";

const SUBJECT = "Công văn số 123/UBND-VP";
let workDir = "";
let servers: MailServers;

/** Self-signed cert with the SANs clients verify (DNS:localhost, IP:127.0.0.1). */
async function makeCertificate(dir: string): Promise<{ cert: string; key: string }> {
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  await promisify(execFile)("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", cert,
  ]);
  return { cert, key };
}

function smtp(user: MailUser, extra: Partial<SMTPTransportOptions> = {}) {
  return submissionTransport(servers, user, extra);
}

function withImap<T>(user: MailUser, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  return withImapClient(servers, user, work);
}

async function waitForMessage(client: ImapFlow, messageId: string): Promise<number> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const lock = await client.getMailboxLock("INBOX");
    try {
      const uids = await client.search({ header: { "message-id": messageId } }, { uid: true });
      if (uids && uids[0] !== undefined) return uids[0];
    } finally {
      lock.release();
    }
    await sleep(200);
  }
  throw new Error(`message ${messageId} did not arrive in INBOX within 20 s`);
}

function findPart(node: MessageStructureObject, type: string): MessageStructureObject | undefined {
  if (node.type === type) return node;
  for (const child of node.childNodes ?? []) {
    const found = findPart(child, type);
    if (found) return found;
  }
  return undefined;
}

async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function sendError(promise: Promise<unknown>): Promise<NodemailerError> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof Error)) throw new Error("expected the send to fail");
  return error;
}

/** Processes of this instance: cwd or command line inside its state dir (independent of pid files). */
async function instanceProcesses(stateDir: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir("/proc")).filter((name) => /^\d+$/.test(name))) {
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => "");
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    if (stat.split(") ")[1]?.startsWith("Z")) continue;
    if (cwd === stateDir || cwd.startsWith(`${stateDir}/`) || cmdline.includes(`${stateDir}/`)) found.push(`${pid} ${cmdline.replaceAll("\0", " ")}`);
  }
  return found;
}


describe("test mail servers", () => {
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), "kyso-mail-test-"));
    await chmod(workDir, 0o755); // mkdtemp makes 0700, which Postfix/Dovecot users cannot traverse
    await mkdir(join(workDir, "tls"));
    const { cert, key } = await makeCertificate(join(workDir, "tls"));
    const caPem = await readFile(cert, "utf8");
    servers = await startMailServers({ stateDir: join(workDir, "state"), tlsCertFile: cert, tlsKeyFile: key, caPem });
  });

  afterAll(async () => {
    // beforeAll may have failed before the servers existed.
    await (servers as MailServers | undefined)?.stop();
    if (workDir !== "") await rm(workDir, { recursive: true, force: true });
  });

  it("delivers a STARTTLS+AUTH submission with a PDF attachment and a Vietnamese subject to the recipient's INBOX", async () => {
    const [an, binh] = servers.users;
    const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "latin1"), randomBytes(4096), Buffer.from("\n%%EOF\n")]);
    const messageId = `<${randomBytes(8).toString("hex")}@ubnd.test>`;
    const info = await smtp(an).sendMail({
      from: an.address,
      to: binh.address,
      subject: SUBJECT,
      messageId,
      text: "Kính gửi: Sở Tài chính",
      attachments: [{ filename: "cong-van-123.pdf", content: pdf, contentType: "application/pdf" }],
    });
    expect(info.accepted).toEqual([binh.address]);

    const received = await withImap(binh, async (client) => {
      const uid = await waitForMessage(client, messageId);
      const lock = await client.getMailboxLock("INBOX");
      try {
        const message = await client.fetchOne(String(uid), { envelope: true, bodyStructure: true }, { uid: true });
        if (!message || !message.bodyStructure) throw new Error("fetch returned nothing");
        const part = findPart(message.bodyStructure, "application/pdf")?.part;
        if (part === undefined) throw new Error("no application/pdf part in the delivered message");
        const download = await client.download(String(uid), part, { uid: true });
        if (!download.content) throw new Error("attachment part could not be downloaded");
        return { envelope: message.envelope, sha256: await sha256Of(download.content) };
      } finally {
        lock.release();
      }
    });
    expect(received.envelope?.subject).toBe(SUBJECT);
    expect(received.envelope?.from?.[0]?.address).toBe(an.address);
    expect(received.sha256).toBe(createHash("sha256").update(pdf).digest("hex"));
  });

  it("refuses mail in a plain-text SMTP session (530, STARTTLS required)", async () => {
    const [an, binh] = servers.users;
    const transport = smtp(an, { requireTLS: false, ignoreTLS: true });
    const error = await sendError(transport.sendMail({ from: an.address, to: binh.address, subject: "x", text: "x" }));
    expect(error.responseCode).toBe(530);
    expect(error.response).toMatch(/STARTTLS/i);
  });

  it("refuses AUTH before STARTTLS, even when the client forces it", async () => {
    const [an, binh] = servers.users;
    const transport = smtp(an, { requireTLS: false, ignoreTLS: true, forceAuth: true });
    const error = await sendError(transport.sendMail({ from: an.address, to: binh.address, subject: "x", text: "x" }));
    expect(error.code).toBe("EAUTH");
    expect(error.responseCode).toBe(530);
  });

  it("rejects a wrong password with EAUTH 535", async () => {
    const [an, binh] = servers.users;
    const transport = smtp({ address: an.address, password: `${an.password}-wrong` });
    const error = await sendError(transport.sendMail({ from: an.address, to: binh.address, subject: "x", text: "x" }));
    expect(error.code).toBe("EAUTH");
    expect(error.responseCode).toBe(535);
  });

  it("gives user 1 a \\Sent mailbox announced by the server as SPECIAL-USE", async () => {
    const mailboxes = await withImap(servers.users[0], (client) => client.list());
    const sent = mailboxes.find((mailbox) => mailbox.specialUse === "\\Sent");
    expect(sent?.path).toBe("Sent");
    // "extension" = flag sent by Dovecot; imapflow would otherwise guess from the name.
    expect(sent?.specialUseSource).toBe("extension");
  });

  it("stopPostfix()/stopDovecot() really take the services down and start*() brings them back on the same ports", async () => {
    const [an, binh] = servers.users;
    const send = () => smtp(an).sendMail({ from: an.address, to: binh.address, subject: "x", text: "x" });

    await servers.stopPostfix();
    expect((await sendError(send())).code).toBe("ESOCKET");
    await servers.stopDovecot();
    expect(await canConnect(servers.imap.port)).toBe(false);

    await servers.startDovecot();
    await servers.startPostfix();
    // A send proves SMTP, SASL (Postfix -> restarted Dovecot auth) and LMTP are all back.
    expect((await send()).accepted).toEqual([binh.address]);
    await expect(withImap(binh, (client) => client.status("INBOX", { messages: true }))).resolves.toBeDefined();
  });

  it("stop() leaves no Dovecot or Postfix process of the instance running and closes both ports", async () => {
    expect(await canConnect(servers.smtp.port)).toBe(true);
    expect(await canConnect(servers.imap.port)).toBe(true);
    const before = await instanceProcesses(servers.stateDir);
    expect(before.some((p) => p.includes("dovecot"))).toBe(true);
    expect(before.some((p) => p.includes("postfix/sbin/master"))).toBe(true);

    await servers.stop();

    expect(await instanceProcesses(servers.stateDir)).toEqual([]);
    expect(await canConnect(servers.smtp.port)).toBe(false);
    expect(await canConnect(servers.imap.port)).toBe(false);
  });
});
