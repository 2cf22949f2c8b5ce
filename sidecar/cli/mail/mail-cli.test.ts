import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import type { AuditRecord } from "../../../shared/protocol/methods/audit.js";
import { runKyso } from "../../../test/cli/run-kyso.js";
import { withImap } from "../../../test/services/mail/mail-clients.js";
import { countByMessageId, sha256Hex, waitForCount } from "../../../test/services/mail/mail-test-accounts.js";
import { testServices } from "../../../test/setup/test-services.js";

/**
 * `kyso mail send|outbox|inbox` as a user runs it: the built CLI, a config file, the password
 * in an environment variable, the run's real Postfix (submission, STARTTLS) and Dovecot (IMAPS).
 */
const { mail, pki, softhsm } = testServices();
const run = promisify(execFile);
const [an, binh] = mail.users as [{ address: string; password: string }, { address: string; password: string }];
const SUBJECT = "Công văn số 45/UBND-VP về việc triển khai chữ ký số – Sở Tư pháp";
const FILE_NAME = "Công văn 45 – Ủy ban nhân dân tỉnh.pdf";
let scratch = "";
let pdf: Buffer;

/**
 * A person's config file: the `mail` settings (shared/policy) with their address and the run's
 * servers, and the host config's paths on this machine (the CA file, the outbox folder).
 */
async function configFor(user: string, options: { caPemFile?: string; mail?: object } = {}): Promise<string> {
  const dir = await mkdtemp(join(scratch, "account-"));
  const file = join(dir, "kyso.json");
  const settings = {
    address: user,
    displayName: "Văn thư UBND",
    smtp: { ...mail.smtp, tls: "starttls" },
    imap: { ...mail.imap, tls: "implicit" },
    ...options.mail,
  };
  await writeFile(file, JSON.stringify({ mailCaPemFile: options.caPemFile ?? join(scratch, "ca.pem"), mailOutboxDir: "outbox", mail: settings }));
  return file;
}

/** No machine or browser policy: an e2e suite may hold one in /etc/chromium/policies/managed meanwhile, and it would outrank the config file. */
const NO_POLICY = { KYSO_MACHINE_POLICY: "/nonexistent/kyso-policy.json", KYSO_BROWSER_POLICY_DIRS: "" };
const kyso = (config: string, password: string, args: string[]) => runKyso(["mail", ...args, "--config", config, "--password-env", "MAIL_PASSWORD"], { env: { ...NO_POLICY, MAIL_PASSWORD: password, LANG: "vi_VN.UTF-8" } });

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-mail-cli-"));
  await writeFile(join(scratch, "ca.pem"), mail.caPem);
  const document = await PDFDocument.create();
  document.addPage().drawText("Cong van 45");
  pdf = Buffer.from(await document.save());
  await writeFile(join(scratch, FILE_NAME), pdf);
  await writeFile(join(scratch, "body.txt"), "Kính gửi: Sở Tư pháp\n\nVăn phòng UBND tỉnh gửi kèm công văn số 45.\n");
});

const auditRecords = (text: string) => text.trimEnd().split("\n").map((line) => JSON.parse(line) as AuditRecord);

/** The message as it sits in the recipient's INBOX, byte for byte. */
async function receivedSource(messageId: string): Promise<Buffer> {
  return withImap(mail, binh, async (client) => {
    const lock = await client.getMailboxLock("INBOX");
    try {
      const [uid] = (await client.search({ header: { "message-id": messageId } }, { uid: true })) || [];
      const fetched = await client.fetchOne(String(uid), { source: true }, { uid: true });
      return (fetched ? fetched.source : undefined) ?? Buffer.alloc(0);
    } finally {
      lock.release();
    }
  });
}

interface EntryJson {
  id: string;
  state: string;
  messageId: string;
  lastError?: { code: string; detail: string; responseCode?: number };
  sentCopy: { state: string; mailbox?: string };
  recipients: Array<{ address: string; status: string; reply?: string }>;
}

describe("kyso mail on the real Postfix and Dovecot", () => {
  it("sends a Vietnamese subject and attachment name, which arrive and read back identical through kyso mail inbox (RFC 2047 / RFC 2231), with one copy in Sent", async () => {
    const anConfig = await configFor(an.address);
    const sent = await kyso(anConfig, an.password, ["send", "--to", binh.address, "--subject", SUBJECT, "--body-file", join(scratch, "body.txt"), "--attach", join(scratch, FILE_NAME), "--json"]);
    expect(sent.stderr).toBe("");
    expect(sent.code).toBe(0);
    const entry = JSON.parse(sent.stdout) as EntryJson;
    expect(entry).toMatchObject({ state: "accepted", sentCopy: { state: "done", mailbox: "Sent" } });
    expect(await waitForCount({ servers: mail, user: binh, mailbox: "INBOX", messageId: entry.messageId, atLeast: 1 })).toBe(1);
    expect(await countByMessageId({ servers: mail, user: an, mailbox: "Sent", messageId: entry.messageId })).toBe(1);

    // On the wire the header is 7-bit: encoded-words for the subject, RFC 2231 for the file name.
    const rawHeader = (await receivedSource(entry.messageId)).toString("latin1");
    expect(rawHeader).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    expect(rawHeader).toMatch(/filename\*0?\*=utf-8''/i);
    expect(rawHeader.split(/\r?\n\r?\n/)[0]).toMatch(/^[\x20-\x7e\r\n\t]*$/);

    const inbox = await kyso(await configFor(binh.address), binh.password, ["inbox", "--limit", "20", "--json"]);
    expect(inbox.code).toBe(0);
    const { messages } = JSON.parse(inbox.stdout) as { messages: Array<{ messageId?: string; subject: string; from: string; attachments: Array<{ filename: string }> }> };
    const received = messages.find((m) => m.messageId === entry.messageId);
    expect(received?.subject).toBe(SUBJECT);
    expect(received?.from).toBe(`Văn thư UBND <${an.address}>`);
    expect(received?.attachments.map((a) => a.filename)).toEqual([FILE_NAME]);

    const text = await kyso(await configFor(binh.address), binh.password, ["inbox", "--limit", "20"]);
    expect(text.stdout).toContain(`"${SUBJECT}"`);
    expect(text.stdout).toContain(FILE_NAME);
  });

  it("takes the servers and CA from IT's machine policy and only the person's address from their config file; the message arrives", async () => {
    const dir = await mkdtemp(join(scratch, "policy-"));
    const policy = join(dir, "policy.json");
    await writeFile(policy, JSON.stringify({ mail: { smtp: { ...mail.smtp, tls: "starttls" }, imap: { ...mail.imap, tls: "implicit" }, caPem: mail.caPem } }));
    const config = join(dir, "config.json");
    await writeFile(config, JSON.stringify({ mail: { address: an.address, displayName: "Văn thư UBND" } }));
    const env = { KYSO_MACHINE_POLICY: policy, KYSO_BROWSER_POLICY_DIRS: "", KYSO_STATE_DIR: join(dir, "state"), KYSO_CONFIG: config, MAIL_PASSWORD: an.password, LANG: "vi_VN.UTF-8" };
    const sent = await runKyso(["mail", "send", "--password-env", "MAIL_PASSWORD", "--to", binh.address, "--subject", "Theo chính sách", "--json"], { env });
    expect(sent.stderr).toBe("");
    const entry = JSON.parse(sent.stdout) as EntryJson;
    expect(entry.state).toBe("accepted");
    expect(await waitForCount({ servers: mail, user: binh, mailbox: "INBOX", messageId: entry.messageId, atLeast: 1 })).toBe(1);
    // The outbox is under the state folder when the config file does not name one.
    const listed = await runKyso(["mail", "outbox", "--password-env", "MAIL_PASSWORD", "--json"], { env });
    expect((JSON.parse(listed.stdout) as { entries: EntryJson[] }).entries.map((e) => e.id)).toEqual([entry.id]);
  });

  it("refuses with MAIL_CONFIG_INVALID naming the settings that are not set, in Vietnamese, and warns about a key the mail settings do not have", async () => {
    const missing = await kyso(await configFor("", { mail: { imap: { host: "" } } }), an.password, ["inbox"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/^kyso: MAIL_CONFIG_INVALID: Tài khoản thư công vụ chưa được thiết lập đủ .*chưa đặt \/ not set: mail\.address, mail\.imap\.host — đặt trong \/ set in .*kyso\.json/m);
    const oldKey = await kyso(await configFor(an.address, { mail: { outboxDir: "outbox" } }), an.password, ["outbox", "--json"]);
    expect(oldKey.code).toBe(0);
    expect(oldKey.stderr).toMatch(/^kyso: cảnh báo: .*kyso\.json: mail\.outboxDir: không có thiết lập này$/m);
  });

  it("lists the outbox with the accepted message and its Sent copy, and says so in Vietnamese", async () => {
    const config = await configFor(an.address);
    const sent = await kyso(config, an.password, ["send", "--to", binh.address, "--subject", "Giấy mời họp", "--json"]);
    const entry = JSON.parse(sent.stdout) as EntryJson;
    const listed = await kyso(config, an.password, ["outbox", "--json"]);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { entries: EntryJson[] }).entries).toEqual([expect.objectContaining({ id: entry.id, state: "accepted" })]);
    const text = await kyso(config, an.password, ["outbox"]);
    expect(text.stdout).toContain(`${entry.id}  đã gửi  "Giấy mời họp"`);
    expect(text.stdout).toContain("Bản lưu Đã gửi: đã lưu vào Sent");
  });

  it("fails a wrong password with MAIL_AUTH_FAILED and the server's 535 reply, without the password anywhere in the output", async () => {
    const config = await configFor(an.address);
    const wrong = "sai-mat-khau-9f2c";
    const sent = await kyso(config, wrong, ["send", "--to", binh.address, "--subject", "Thử", "--json"]);
    expect(sent.code).toBe(1);
    const entry = JSON.parse(sent.stdout) as EntryJson;
    expect(entry).toMatchObject({ state: "failed", lastError: { code: "MAIL_AUTH_FAILED", responseCode: 535 } });
    expect(sent.stderr).toMatch(/^kyso: MAIL_AUTH_FAILED: .*535/m);
    const inbox = await kyso(config, wrong, ["inbox"]);
    expect(inbox.code).not.toBe(0);
    expect(inbox.stderr).toContain("MAIL_AUTH_FAILED");
    expect(inbox.stderr).toMatch(/AUTHENTICATIONFAILED|Authentication failed/i);
    for (const output of [sent.stdout, sent.stderr, inbox.stdout, inbox.stderr]) expect(output).not.toContain(wrong);
  });

  it("refuses a server whose certificate the configured CA did not issue: MAIL_TLS_UNTRUSTED for send and inbox", async () => {
    const config = await configFor(an.address, { caPemFile: pki.entities.signerRsa2048.certPemFile });
    const sent = await kyso(config, an.password, ["send", "--to", binh.address, "--subject", "Thử", "--json"]);
    expect(sent.code).toBe(1);
    expect((JSON.parse(sent.stdout) as EntryJson).lastError?.code).toBe("MAIL_TLS_UNTRUSTED");
    expect(sent.stderr).toContain("MAIL_TLS_UNTRUSTED");
    const inbox = await kyso(config, an.password, ["inbox"]);
    expect(inbox.code).not.toBe(0);
    expect(inbox.stderr).toContain("MAIL_TLS_UNTRUSTED");
  });

  it("reports a refused recipient with the server's 550 reply; the failed message can be cancelled from the outbox", async () => {
    const config = await configFor(an.address);
    const sent = await kyso(config, an.password, ["send", "--to", "khong-ton-tai@sotp.test", "--subject", "Thử", "--json"]);
    expect(sent.code).toBe(1);
    const entry = JSON.parse(sent.stdout) as EntryJson;
    expect(entry).toMatchObject({ state: "failed", lastError: { code: "MAIL_RECIPIENT_REFUSED", responseCode: 550 } });
    expect(entry.recipients[0]?.reply).toMatch(/^550 5\.1\.1 .*khong-ton-tai@sotp\.test/);
    expect(sent.stderr).toMatch(/MAIL_RECIPIENT_REFUSED: .*550 5\.1\.1/);
    const cancelled = await kyso(config, an.password, ["outbox", "--cancel", entry.id, "--json"]);
    expect((JSON.parse(cancelled.stdout) as { entries: EntryJson[] }).entries[0]?.state).toBe("cancelled");
    const again = await kyso(config, an.password, ["outbox", "--retry", entry.id]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain("MAIL_OUTBOX_STATE");
  });

  it("records a send in the audit log, queued then accepted, with the attachment's name and hash and the recipients' domain — never an address or the password", async () => {
    const stateDir = await mkdtemp(join(scratch, "state-"));
    const env = { ...NO_POLICY, KYSO_STATE_DIR: stateDir, MAIL_PASSWORD: an.password };
    const sent = await runKyso(["mail", "send", "--config", await configFor(an.address), "--password-env", "MAIL_PASSWORD", "--to", binh.address, "--subject", SUBJECT, "--attach", join(scratch, FILE_NAME), "--json"], { env });
    expect(sent.code, sent.stderr).toBe(0);
    const entry = JSON.parse(sent.stdout) as EntryJson;
    const text = await readFile(join(stateDir, "audit.jsonl"), "utf8");
    const mailFields = { outboxId: entry.id, messageId: entry.messageId, recipientCount: 1, recipientDomains: [binh.address.split("@")[1]] };
    expect(auditRecords(text)).toEqual([
      expect.objectContaining({ seq: 1, action: "mail", origin: "cli", result: "queued", documentName: FILE_NAME, documentSha256: sha256Hex(pdf), mail: { ...mailFields, attachmentsSha256: [sha256Hex(pdf)] } }),
      expect.objectContaining({ seq: 2, action: "mail", origin: "cli", result: "ok", mail: { ...mailFields, attachmentsSha256: [sha256Hex(pdf)] } }),
    ]);
    for (const secret of [an.password, an.address, binh.address]) expect(text).not.toContain(secret);
    expect((await runKyso(["audit", "verify"], { env })).code).toBe(0);
  });

  it("records kyso mail outbox --retry with its outcome: a send refused for a wrong password, then accepted on retry", async () => {
    const config = await configFor(an.address);
    const stateDir = await mkdtemp(join(scratch, "state-"));
    const as = (password: string) => ({ ...NO_POLICY, KYSO_STATE_DIR: stateDir, MAIL_PASSWORD: password });
    const failed = JSON.parse((await runKyso(["mail", "send", "--config", config, "--password-env", "MAIL_PASSWORD", "--to", binh.address, "--subject", "Thử lại", "--json"], { env: as("sai-mat-khau-4b7d") })).stdout) as EntryJson;
    expect(failed.state).toBe("failed");
    const retried = await runKyso(["mail", "outbox", "--retry", failed.id, "--config", config, "--password-env", "MAIL_PASSWORD"], { env: as(an.password) });
    expect(retried.code, retried.stderr).toBe(0);
    const text = await readFile(join(stateDir, "audit.jsonl"), "utf8");
    expect(auditRecords(text).map((r) => [r.mail?.outboxId, r.result])).toEqual([[failed.id, "queued"], [failed.id, "MAIL_AUTH_FAILED"], [failed.id, "ok"]]);
    expect(text).not.toContain("sai-mat-khau-4b7d");
    expect((await runKyso(["audit", "verify"], { env: as(an.password) })).code).toBe(0);
  });

  it("keeps the attached file byte for byte, at the part kyso mail inbox names", async () => {
    const config = await configFor(an.address);
    const sent = JSON.parse((await kyso(config, an.password, ["send", "--to", binh.address, "--subject", SUBJECT, "--attach", join(scratch, FILE_NAME), "--json"])).stdout) as EntryJson;
    await waitForCount({ servers: mail, user: binh, mailbox: "INBOX", messageId: sent.messageId, atLeast: 1 });
    const inbox = await kyso(await configFor(binh.address), binh.password, ["inbox", "--limit", "50", "--json"]);
    const received = (JSON.parse(inbox.stdout) as { messages: Array<{ uid: number; messageId?: string; attachments: Array<{ part: string }> }> }).messages.find((m) => m.messageId === sent.messageId);
    const content = await withImap(mail, binh, async (client) => {
      const lock = await client.getMailboxLock("INBOX");
      try {
        const download = await client.download(String(received?.uid), received?.attachments[0]?.part, { uid: true });
        const chunks: Buffer[] = [];
        for await (const chunk of download.content ?? []) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks);
      } finally {
        lock.release();
      }
    });
    expect(sha256Hex(content)).toBe(sha256Hex(pdf));
  });

  it("kyso mail login keeps the password in the 0600 encrypted store (no keyring here), and send/inbox then need no password variable", async () => {
    const config = await configFor(binh.address);
    const env = { ...NO_POLICY, KYSO_STATE_DIR: await mkdtemp(join(scratch, "state-")), KYSO_CREDENTIAL_STORE: "file", LANG: "vi_VN.UTF-8" };
    const before = await runKyso(["mail", "inbox", "--config", config], { env });
    expect(before.stderr).toContain("MAIL_CREDENTIALS_MISSING");
    const login = await runKyso(["mail", "login", "--config", config, "--password-stdin"], { env, stdin: `${binh.password}\n` });
    expect(login.code).toBe(0);
    expect(login.stdout).toContain(`Đã lưu mật khẩu của ${binh.address}@${mail.smtp.host} vào ${join(env.KYSO_STATE_DIR, "mail-credentials.json")}`);
    const stored = await readFile(join(env.KYSO_STATE_DIR, "mail-credentials.json"), "utf8");
    expect(stored).not.toContain(binh.password);
    const inbox = await runKyso(["mail", "inbox", "--config", config, "--json"], { env });
    expect(inbox.code).toBe(0);
    const sent = await runKyso(["mail", "send", "--config", config, "--to", an.address, "--subject", "Đã nhận", "--json"], { env });
    expect((JSON.parse(sent.stdout) as EntryJson).state).toBe("accepted");
    expect((await runKyso(["mail", "login", "--config", config, "--forget"], { env })).code).toBe(0);
    expect((await runKyso(["mail", "inbox", "--config", config], { env })).stderr).toContain("MAIL_CREDENTIALS_MISSING");
  });

  it("signs with S/MIME using the token key a pkcs11: URI names (key-source registry), verified by openssl smime -verify as received", async () => {
    const entity = softhsm.objects.find((o) => o.entity === "signerRsa2048");
    const keyId = `pkcs11:token=${softhsm.tokenLabel};id=%${entity?.idHex ?? ""};type=cert?module-path=${softhsm.modulePath}`;
    const config = await configFor(an.address);
    const sent = await runKyso(["mail", "send", "--config", config, "--password-env", "MAIL_PASSWORD", "--to", binh.address, "--subject", SUBJECT, "--attach", join(scratch, FILE_NAME), "--smime", "--key", keyId, "--pin-env", "TOKEN_PIN", "--json"], {
      env: { ...NO_POLICY, MAIL_PASSWORD: an.password, TOKEN_PIN: softhsm.userPin, SOFTHSM2_CONF: softhsm.configFile },
    });
    expect(sent.stderr).toBe("");
    const entry = JSON.parse(sent.stdout) as EntryJson;
    expect(entry.state).toBe("accepted");
    await waitForCount({ servers: mail, user: binh, mailbox: "INBOX", messageId: entry.messageId, atLeast: 1 });
    const file = join(scratch, "smime-received.eml");
    await writeFile(file, await receivedSource(entry.messageId));
    const signerPem = join(scratch, "smime-signer.pem");
    const verified = await run("openssl", ["smime", "-verify", "-in", file, "-CAfile", pki.chainPemFile, "-signer", signerPem, "-out", join(scratch, "smime-content.mime")]);
    expect(verified.stderr).toContain("Verification successful");
    expect(new X509Certificate(await readFile(signerPem)).fingerprint256).toBe(new X509Certificate(await readFile(pki.entities.signerRsa2048.certPemFile)).fingerprint256);
    expect(await readFile(join(scratch, "smime-content.mime"), "latin1")).toMatch(/filename\*0?\*=utf-8''/i);
  });
});
