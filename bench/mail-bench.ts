/**
 * Mail throughput (issue 8): 200 messages through the durable outbox and nodemailer's pool to
 * a private loopback Postfix, against plain nodemailer (the same pool, raw messages) in the
 * same run; and listing 1,000 INBOX messages with PDF attachments from BODYSTRUCTURE.
 * Targets: outbox ≥ 50 % of plain nodemailer's messages/s; the listing ≤ 1 s.
 *
 * `npx tsx bench/mail-bench.ts [--messages N]` (root: it starts its own Dovecot + Postfix).
 * `runMailBench()` returns the rows for bench/run-all.ts.
 */
import { execFileSync } from "node:child_process";
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { startMailServers } from "../test/services/mail-servers.js";
import { submissionTransport, withImap } from "../test/services/mail/mail-clients.js";
import { testAccount } from "../test/services/mail/mail-test-accounts.js";
import { listIncomingPdfMail } from "../sidecar/mail/imap/incoming.js";
import { composeMessage } from "../sidecar/mail/mime/compose-message.js";
import { Outbox } from "../sidecar/mail/outbox/outbox.js";
import { mailBenchReport } from "./mail-bench-report.js";
import { median } from "./measure-command.js";

export interface MailBenchResult {
  messages: number;
  plainPerSecond: number;
  outboxPerSecond: number;
  /** Outbox with the Sent copy (one IMAP APPEND each) included. */
  outboxWithSentPerSecond: number;
  listed: number;
  /** Median of 5 listings after the first. */
  listMs: number;
  /** The first listing in this process: imapflow warming up, plus Dovecot building its cache (~70 ms, bench/mail-first-listing.ts). */
  coldListMs: number;
  /** The same FETCH iterated message by message (the earlier implementation), median of 5, interleaved. */
  iterationListMs: number;
}

export async function runMailBench(options: { messages?: number; listed?: number } = {}): Promise<MailBenchResult> {
  const count = options.messages ?? 200;
  const listedCount = options.listed ?? 1_000;
  const dir = await mkdtemp(join(tmpdir(), "kyso-mail-bench-"));
  await chmod(dir, 0o755);
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
  const servers = await startMailServers({ stateDir: join(dir, "state"), tlsCertFile: join(dir, "cert.pem"), tlsKeyFile: join(dir, "key.pem"), caPem: await readFile(join(dir, "cert.pem"), "utf8") });
  try {
    const [an, binh] = servers.users;
    const pdf = randomBytes(20_000);
    const compose = () => composeMessage({ from: { address: an.address }, to: [binh.address], subject: "Công văn số 123/UBND-VP", text: "Kính gửi.", attachments: [{ filename: "cong-van.pdf", content: pdf, contentType: "application/pdf" }] });
    const messages = await Promise.all(Array.from({ length: count }, compose));

    const plain = submissionTransport(servers, an, { pool: true, maxConnections: 5 } as object);
    let started = performance.now();
    await Promise.all(messages.map((m) => plain.sendMail({ raw: m.raw, envelope: { from: m.envelope.from, to: m.envelope.to } })));
    const plainSeconds = (performance.now() - started) / 1000;
    plain.close();

    const run = async (sentCopies: boolean) => {
      const { account, credentials } = await testAccount(servers, an);
      const outbox = await Outbox.open({ account, credentials, maxConnections: 5 });
      const fresh = await Promise.all(Array.from({ length: count }, compose));
      const begin = performance.now();
      for (const m of fresh) await outbox.enqueue(m, "Công văn");
      const done = await outbox.processDue({ sentCopies });
      const seconds = (performance.now() - begin) / 1000;
      await outbox.close();
      await rm(account.outboxDir, { recursive: true, force: true });
      if (done.filter((e) => e.state === "accepted").length !== count) throw new Error("the outbox did not get every message accepted");
      return seconds;
    };
    const outboxSeconds = await run(false);
    const outboxWithSentSeconds = await run(true);

    // 1,000 INBOX messages with a PDF each, put there by APPEND (faster than delivery), then listed.
    await withImap(servers, binh, async (client) => {
      for (let i = 0; i < listedCount; i += 1) await client.append("INBOX", (await compose()).raw);
    });
    const { account, credentials } = await testAccount(servers, binh);
    // The first listing also builds Dovecot's cache of the parsed structures; then the kyso
    // listing (one FETCH collected with fetchAll) and the earlier per-message async iteration
    // alternate, so that the load of a shared machine falls on both alike.
    started = performance.now();
    const listed = await listIncomingPdfMail({ account, credentials, limit: listedCount });
    const coldListMs = performance.now() - started;
    const kysoRuns: number[] = [];
    const iterationRuns: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      started = performance.now();
      await listIncomingPdfMail({ account, credentials, limit: listedCount });
      kysoRuns.push(performance.now() - started);
      started = performance.now();
      await withImap(servers, binh, async (client) => {
        const lock = await client.getMailboxLock("INBOX", { readOnly: true });
        try {
          let seen = 0;
          for await (const message of client.fetch("1:*", { uid: true, envelope: true, bodyStructure: true })) seen += message.bodyStructure ? 1 : 0;
          return seen;
        } finally {
          lock.release();
        }
      });
      iterationRuns.push(performance.now() - started);
    }
    await rm(account.outboxDir, { recursive: true, force: true });
    return {
      messages: count,
      plainPerSecond: count / plainSeconds,
      outboxPerSecond: count / outboxSeconds,
      outboxWithSentPerSecond: count / outboxWithSentSeconds,
      listed: listed.length,
      listMs: median(kysoRuns),
      coldListMs,
      iterationListMs: median(iterationRuns),
    };
  } finally {
    await servers.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ""}`) {
  const index = process.argv.indexOf("--messages");
  console.log(mailBenchReport(await runMailBench(index > 0 ? { messages: Number(process.argv[index + 1]) } : {})));
}
