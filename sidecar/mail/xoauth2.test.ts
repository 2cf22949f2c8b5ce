import { readFile } from "node:fs/promises";
import { createServer, type Server, type TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testServices } from "../../../test/setup/test-services.js";
import type { MailAccount } from "../mail-account.js";
import { createSmtpSubmitter, SmtpSubmitError } from "./smtp-submitter.js";

/**
 * XOAUTH2 (Google/Microsoft SASL profile: base64 of "user=" U ^A "auth=Bearer " T ^A ^A).
 * The test Postfix authenticates through Dovecot with passwords only, so a loopback SMTP
 * server over implicit TLS stands in: it speaks real SMTP, offers only AUTH XOAUTH2, records
 * what the client sent, and answers a bad token the way Gmail does (334 with a JSON error,
 * then 535 after the client's empty line).
 */
const { pki } = testServices();
const GOOD_TOKEN = "ya29.kyso-test-token";
let server: Server;
let port = 0;
const authLines: string[] = [];

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
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function account(): Promise<MailAccount> {
  return {
    address: "an@ubnd.test",
    user: "an@ubnd.test",
    smtp: { host: "127.0.0.1", port, tls: "implicit" },
    imap: { host: "127.0.0.1", port: 1, tls: "implicit" },
    caPem: await readFile(pki.chainPemFile, "utf8"),
    sent: { mode: "server-files" },
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
