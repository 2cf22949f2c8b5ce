/**
 * Where the first INBOX listing's time goes (issue 8): the bench's "first listing" (2.15 s once,
 * at load 7–13) against later ones. 1,000 messages with a 20 kB PDF each are APPENDed to two
 * mailboxes of a private Dovecot, then:
 * - the server alone: FETCH 1:* (UID ENVELOPE BODYSTRUCTURE) on a raw TLS socket, the first time
 *   Dovecot reads those messages (it parses each and fills dovecot.index.cache) and again;
 * - kyso's listing in this process: first use of imapflow's parser (server already warm), again,
 *   and on the second mailbox (server cold, client warm);
 * - the real native host through its protocol (mail.inbox): first request after start, again,
 *   1,000 messages, and the popup's 10.
 *
 * `npx tsx bench/mail-first-listing.ts` (root: it starts its own Dovecot + Postfix).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { listIncomingPdfMail } from "../sidecar/mail/imap/incoming.js";
import { composeMessage } from "../sidecar/mail/mime/compose-message.js";
import { credentialKey } from "../sidecar/mail/credentials/credential-store.js";
import { encryptedFileStore } from "../sidecar/mail/credentials/encrypted-file-store.js";
import { startHost } from "../sidecar/host/host-test-harness.js";
import { startMailServers, type MailServers, type MailUser } from "../test/services/mail-servers.js";
import { withImap } from "../test/services/mail/mail-clients.js";
import { testAccount } from "../test/services/mail/mail-test-accounts.js";

/** Milliseconds of the FETCH alone (after LOGIN and SELECT) on a raw IMAPS socket. */
function rawFetchMs(servers: MailServers, user: MailUser): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: servers.imap.host, port: servers.imap.port, ca: servers.caPem, servername: "localhost" });
    let tail = "";
    let stage: "greeting" | "select" | "fetch" = "greeting";
    let fetchStarted = 0;
    socket.setEncoding("latin1");
    socket.on("data", (data: string) => {
      tail = (tail + data).slice(-512);
      if (stage === "greeting" && tail.includes("* OK")) {
        stage = "select";
        tail = "";
        socket.write(`a LOGIN ${user.address} ${user.password}\r\nb SELECT INBOX\r\n`);
      } else if (stage === "select" && /(^|\r\n)b OK/.test(tail)) {
        stage = "fetch";
        tail = "";
        fetchStarted = performance.now();
        socket.write("c FETCH 1:* (UID ENVELOPE BODYSTRUCTURE)\r\n");
      } else if (stage === "fetch" && /\r\nc OK/.test(tail)) {
        resolve(performance.now() - fetchStarted);
        socket.end("d LOGOUT\r\n");
      }
    });
    socket.on("error", reject);
  });
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const dir = await mkdtemp(join(tmpdir(), "kyso-mail-first-listing-"));
await chmod(dir, 0o755);
execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
const caPem = await readFile(join(dir, "cert.pem"), "utf8");
const servers = await startMailServers({ stateDir: join(dir, "state"), tlsCertFile: join(dir, "cert.pem"), tlsKeyFile: join(dir, "key.pem"), caPem });
const rows: Array<[string, number]> = [];
try {
  const [an, binh] = servers.users;
  const pdf = randomBytes(20_000);
  const compose = () => composeMessage({ from: { address: an.address }, to: [binh.address], subject: "Công văn số 123/UBND-VP", text: "Kính gửi.", attachments: [{ filename: "cong-van.pdf", content: pdf, contentType: "application/pdf" }] });
  for (const user of [an, binh]) await withImap(servers, user, async (client) => {
    for (let i = 0; i < 1000; i += 1) await client.append("INBOX", (await compose()).raw);
  });

  rows.push(["server: raw FETCH, first access", await rawFetchMs(servers, an)]);
  rows.push(["server: raw FETCH, again", await rawFetchMs(servers, an)]);
  const anAccount = await testAccount(servers, an);
  rows.push(["kyso listing in-process: client cold, server warm", await timed(() => listIncomingPdfMail({ ...anAccount, limit: 1000 }))]);
  rows.push(["kyso listing in-process: again", await timed(() => listIncomingPdfMail({ ...anAccount, limit: 1000 }))]);
  const binhAccount = await testAccount(servers, binh);
  rows.push(["kyso listing in-process: client warm, server cold (second mailbox)", await timed(() => listIncomingPdfMail({ ...binhAccount, limit: 1000 }))]);

  const host = await startHost({ config: { mail: { address: an.address, smtp: { ...servers.smtp, tls: "starttls" }, imap: { ...servers.imap, tls: "implicit" }, caPem, outboxDir: "outbox" } }, env: { KYSO_CREDENTIAL_STORE: "file" } });
  try {
    await encryptedFileStore(join(host.stateDir, "mail-credentials.json")).write(credentialKey({ user: an.address, smtp: servers.smtp }), an.password);
    await host.client.hello();
    let id = 0;
    const inbox = (limit: number) => timed(() => host.client.request({ id: `b${id++}`, method: "mail.inbox", params: { limit } }));
    rows.push(["host mail.inbox limit 1: first request after start", await inbox(1)]);
    rows.push(["host mail.inbox limit 1: again", await inbox(1)]);
    rows.push(["host mail.inbox limit 1000: first (host's first full parse)", await inbox(1000)]);
    rows.push(["host mail.inbox limit 1000: again (median of 3)", [await inbox(1000), await inbox(1000), await inbox(1000)].sort((a, b) => a - b)[1]!]);
    rows.push(["host mail.inbox limit 10 (the popup)", await inbox(10)]);
  } finally {
    await host.client.close();
  }
} finally {
  await servers.stop();
  await rm(dir, { recursive: true, force: true });
}
console.log(`| listing 1,000 INBOX messages with a 20 kB PDF each | ms |\n|---|---:|\n${rows.map(([label, ms]) => `| ${label} | ${ms.toFixed(0)} |`).join("\n")}`);
