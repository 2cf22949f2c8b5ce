import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../shared/policy/validate-settings.js";
import { startLoopbackHttpServer } from "../../test/services/loopback-http-server.js";
import { testServices } from "../../test/setup/test-services.js";
import { checkMailServers } from "./mail-server-checks.js";

/** kyso doctor against this run's real Postfix (submission, STARTTLS) and Dovecot (IMAPS). */
const { mail } = testServices();
const mailSettings = (overrides: Partial<typeof DEFAULT_SETTINGS.mail> = {}) => ({
  ...DEFAULT_SETTINGS.mail,
  smtp: { host: mail.smtp.host, port: mail.smtp.port, tls: "starttls" as const },
  imap: { host: mail.imap.host, port: mail.imap.port, tls: "implicit" as const },
  caPem: mail.caPem,
  ...overrides,
});

describe("kyso doctor: mail servers", () => {
  it("says both servers answer over trusted TLS when the policy's CA is their CA", async () => {
    const checks = await checkMailServers(mailSettings());
    expect(checks.map((check) => [check.id, check.status])).toEqual([["mail-smtp", "ok"], ["mail-imap", "ok"]]);
    expect(checks[0]!.message.en).toMatch(/answers over trusted TLS \(TLSv1\.[23]\)/);
  });

  it("fails with the CA to set when the servers' certificate is not trusted", async () => {
    const checks = await checkMailServers(mailSettings({ caPem: "" }));
    expect(checks.map((check) => check.status)).toEqual(["fail", "fail"]);
    expect(checks[0]!.message.en).toContain("TLS certificate is not trusted");
    expect(checks[0]!.fix?.en).toContain("mail.caPem");
  });

  it("says a server that does not answer cannot be reached, and checks nothing when mail is not set up", async () => {
    const gone = await startLoopbackHttpServer();
    await gone.close();
    const port = Number(new URL(gone.baseUrl).port);
    const [smtp] = await checkMailServers(mailSettings({ smtp: { host: "127.0.0.1", port, tls: "starttls" }, imap: { host: "", port: 993, tls: "implicit" } }));
    expect(smtp).toMatchObject({ id: "mail-smtp", status: "fail" });
    expect(smtp!.message.vi).toContain("Không kết nối được");
    expect(await checkMailServers(DEFAULT_SETTINGS.mail)).toEqual([]);
  });
});
