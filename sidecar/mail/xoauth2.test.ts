import { readFile } from "node:fs/promises";
import { createServer, type Server, type TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testServices } from "../../test/setup/test-services.js";
import type { MailAccount } from "./mail-account.js";
import { withImap } from "./imap/imap-session.js";
import { createSmtpSubmitter, SmtpSubmitError } from "./smtp/smtp-submitter.js";

/**
 * XOAUTH2 (Google/Microsoft SASL profile: base64 of "user=" U ^A "auth=Bearer " T ^A ^A).
 * The test Postfix and Dovecot authenticate with passwords only, so loopback SMTP and IMAP
 * servers over implicit TLS stand in: they speak real SMTP / IMAP, offer only XOAUTH2, record
 * what the client sent, and answer a bad token the way Gmail does (334 / "+" with a JSON
 * error, then 535 / NO [AUTHENTICATIONFAILED] after the client's empty line).
 */
const { pki } = testServices();
const GOOD_TOKEN = "ya29.kyso-test-token";
let server: Server;
let port = 0;
const authLines: string[] = [];
let imapServer: Server;
let imapPort = 0;
const imapAuthLines: string[] = [];

beforeAll(async () => {
  const tls = pki.entities.tlsServer;
  server = createServer({ cert: await readFile(tls.certPemFile), key: await readFile(tls.keyPemFile) }, (socket: TLSSocket) => {
    let buffer = "";
    let inData = false;
    let awaitingAuthContinuation = false;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 fake-xoauth2 ESMTP");
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("latin1");
      for (let end = buffer.indexOf("\r\n"); end >= 0; end = buffer.indexOf("\r\n")) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            reply("250 2.0.0 Ok: queued as FAKE1");
          }
          continue;
        }
        if (awaitingAuthContinuation) {
          awaitingAuthContinuation = false;
          reply("535 5.7.8 Username and Password not accepted");
          continue;
        }
        const verb = line.split(" ")[0]?.toUpperCase();
        if (verb === "EHLO") reply("250-fake-xoauth2\r\n250-AUTH XOAUTH2\r\n250 8BITMIME");
        else if (verb === "AUTH") {
          authLines.push(line);
          const decoded = Buffer.from(line.split(" ")[2] ?? "", "base64").toString("utf8");
          if (decoded.includes(`auth=Bearer ${GOOD_TOKEN}\x01`)) reply("235 2.7.0 Accepted");
          else {
            awaitingAuthContinuation = true;
            reply(`334 ${Buffer.from(JSON.stringify({ status: "401", schemes: "bearer", scope: "https://mail.google.com/" })).toString("base64")}`);
          }
        } else if (verb === "MAIL" || verb === "RCPT" || verb === "RSET" || verb === "NOOP") reply("250 2.1.0 Ok");
        else if (verb === "DATA") {
          inData = true;
          reply("354 End data with <CR><LF>.<CR><LF>");
        } else if (verb === "QUIT") {
          reply("221 2.0.0 Bye");
          socket.end();
        } else reply("502 5.5.2 Error: command not recognized");
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;

  // IMAPS speaking just enough of RFC 9051 for a login: CAPABILITY, AUTHENTICATE XOAUTH2 (SASL-IR), LOGOUT; anything else OK.
  imapServer = createServer({ cert: await readFile(tls.certPemFile), key: await readFile(tls.keyPemFile) }, (socket: TLSSocket) => {
    let buffer = "";
    let pendingTag: string | undefined;
    const capability = "* CAPABILITY IMAP4rev1 AUTH=XOAUTH2 SASL-IR";
    socket.write(`* OK [CAPABILITY IMAP4rev1 AUTH=XOAUTH2 SASL-IR] fake-xoauth2 ready\r\n`);
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("latin1");
      for (let end = buffer.indexOf("\r\n"); end >= 0; end = buffer.indexOf("\r\n")) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (pendingTag !== undefined) {
          socket.write(`${pendingTag} NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)\r\n`);
          pendingTag = undefined;
          continue;
        }
        const [tag = "*", command = "", ...rest] = line.split(" ");
        const verb = command.toUpperCase();
        if (verb === "CAPABILITY") socket.write(`${capability}\r\n${tag} OK done\r\n`);
        else if (verb === "AUTHENTICATE") {
          imapAuthLines.push(`${command} ${rest.join(" ")}`);
          const decoded = Buffer.from(rest[1] ?? "", "base64").toString("utf8");
          if (decoded.includes(`auth=Bearer ${GOOD_TOKEN}\x01`)) socket.write(`${tag} OK [CAPABILITY IMAP4rev1] authenticated\r\n`);
          else {
            pendingTag = tag;
            socket.write(`+ ${Buffer.from(JSON.stringify({ status: "400", schemes: "Bearer" })).toString("base64")}\r\n`);
          }
        } else if (verb === "LOGOUT") {
          socket.write(`* BYE logging out\r\n${tag} OK done\r\n`);
          socket.end();
        } else socket.write(`${tag} OK done\r\n`);
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => imapServer.listen(0, "127.0.0.1", resolve));
  imapPort = (imapServer.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await new Promise((resolve) => imapServer.close(resolve));
});

async function account(): Promise<MailAccount> {
  return {
    address: "an@ubnd.test",
    user: "an@ubnd.test",
    smtp: { host: "127.0.0.1", port, tls: "implicit" },
    imap: { host: "127.0.0.1", port: imapPort, tls: "implicit" },
    caPem: await readFile(pki.chainPemFile, "utf8"),
    sent: { mode: "server" },
    outboxDir: "/nonexistent",
    auth: "xoauth2",
  };
}

const submission = { raw: Buffer.from("From: an@ubnd.test\r\nTo: binh@sotp.test\r\nSubject: x\r\n\r\nx\r\n"), envelope: { from: "an@ubnd.test", to: ["binh@sotp.test"] } };

describe("SMTP XOAUTH2", () => {
  it("authenticates with the SASL XOAUTH2 initial response built from the user and the bearer token", async () => {
    authLines.length = 0;
    const submitter = createSmtpSubmitter({ account: await account(), credentials: { user: "an@ubnd.test", accessToken: GOOD_TOKEN } });
    try {
      const accepted = await submitter.submit(submission);
      expect(accepted.reply).toBe("250 2.0.0 Ok: queued as FAKE1");
    } finally {
      submitter.close();
    }
    expect(authLines).toEqual([`AUTH XOAUTH2 ${Buffer.from(`user=an@ubnd.test\x01auth=Bearer ${GOOD_TOKEN}\x01\x01`).toString("base64")}`]);
  });

  it("reports an expired or wrong token as MAIL_AUTH_FAILED with the server's 535 reply", async () => {
    const submitter = createSmtpSubmitter({ account: await account(), credentials: { user: "an@ubnd.test", accessToken: "expired" } });
    try {
      const error = await submitter.submit(submission).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SmtpSubmitError);
      expect((error as SmtpSubmitError).failure).toMatchObject({ kind: "permanent", error: { code: "MAIL_AUTH_FAILED" }, responseCode: 535 });
    } finally {
      submitter.close();
    }
  });
});

describe("IMAP XOAUTH2", () => {
  it("logs in with AUTHENTICATE XOAUTH2 and the same SASL string when the account says xoauth2", async () => {
    imapAuthLines.length = 0;
    const usable = await withImap({ account: await account(), credentials: { user: "an@ubnd.test", accessToken: GOOD_TOKEN } }, (client) => Promise.resolve(client.usable));
    expect(usable).toBe(true);
    expect(imapAuthLines).toEqual([`AUTHENTICATE XOAUTH2 ${Buffer.from(`user=an@ubnd.test\x01auth=Bearer ${GOOD_TOKEN}\x01\x01`).toString("base64")}`]);
  });

  it("reports a refused token as MAIL_AUTH_FAILED", async () => {
    await expect(withImap({ account: await account(), credentials: { user: "an@ubnd.test", accessToken: "expired" } }, () => Promise.resolve(true))).rejects.toMatchObject({ code: "MAIL_AUTH_FAILED" });
  });
});
