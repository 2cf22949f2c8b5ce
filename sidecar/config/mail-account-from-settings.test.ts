import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HOST_CONFIG_KEYS } from "../host/host-config.js";
import { readEffectiveSettings } from "./effective-settings.js";
import { loadMailAccount } from "./mail-account-from-settings.js";

const CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUEXAMPLE\n-----END CERTIFICATE-----\n";
const SERVERS = { smtp: { host: "mail.gialai.gov.vn", port: 587, tls: "starttls" }, imap: { host: "mail.gialai.gov.vn" } };

/** A machine with kyso's policy file and one person's config file, no browser policy. */
async function machine(files: { policy?: unknown; user?: unknown }) {
  const dir = await mkdtemp(join(tmpdir(), "kyso-mail-account-"));
  if (files.policy !== undefined) await writeFile(join(dir, "policy.json"), JSON.stringify(files.policy));
  if (files.user !== undefined) await writeFile(join(dir, "config.json"), JSON.stringify(files.user));
  const env = { KYSO_MACHINE_POLICY: join(dir, "policy.json"), KYSO_BROWSER_POLICY_DIRS: "", KYSO_STATE_DIR: join(dir, "state") };
  return { dir, env, configFile: join(dir, "config.json"), load: () => loadMailAccount({ configFile: join(dir, "config.json"), env, platform: "linux" }) };
}

describe("the mail account comes from the one mail settings group", () => {
  it("takes the servers, CA and Sent mode from IT's policy and the person's address, name and login from their config file", async () => {
    const { dir, load } = await machine({
      policy: { mail: { ...SERVERS, auth: "login", caPem: CA_PEM, sentCopy: "server", sentMailbox: "INBOX/Đã gửi" } },
      user: { mail: { address: "an@gialai.gov.vn", displayName: "Nguyễn Văn An", user: "gialai\\an" } },
    });
    const { account, problems } = await load();
    expect(problems).toEqual([]);
    expect(account).toEqual({
      address: "an@gialai.gov.vn",
      displayName: "Nguyễn Văn An",
      user: "gialai\\an",
      smtp: { host: "mail.gialai.gov.vn", port: 587, tls: "starttls" },
      // IMAP's defaults: port 993 with TLS from the first byte (RFC 8314).
      imap: { host: "mail.gialai.gov.vn", port: 993, tls: "implicit" },
      caPem: CA_PEM,
      sent: { mode: "server", mailbox: "INBOX/Đã gửi" },
      outboxDir: join(dir, "state", "outbox"),
      auth: "login",
    });
  });

  it("lets policy win over the config file setting by setting, and logs in with the address when no login name is set", async () => {
    const { load } = await machine({ policy: { mail: { smtp: { host: "smtp.gialai.gov.vn" } } }, user: { mail: { address: "an@gialai.gov.vn", ...SERVERS } } });
    const { account } = await load();
    expect(account.smtp.host).toBe("smtp.gialai.gov.vn");
    expect(account.imap.host).toBe("mail.gialai.gov.vn");
    expect(account.user).toBe("an@gialai.gov.vn");
    expect(account.caPem).toBeUndefined();
    expect(account.sent).toEqual({ mode: "append" });
  });

  it("takes the outbox folder (relative to the config file) and a CA file from the host config keys, the file replacing mail.caPem", async () => {
    const { dir, load } = await machine({ user: { mailOutboxDir: "hop-thu-di", mailCaPemFile: "ca.pem", mail: { address: "an@gialai.gov.vn", ...SERVERS, caPem: "-----BEGIN CERTIFICATE-----\nOTHER\n-----END CERTIFICATE-----\n" } } });
    await writeFile(join(dir, "ca.pem"), CA_PEM);
    const { account, problems } = await load();
    expect(problems).toEqual([]);
    expect(account.outboxDir).toBe(join(dir, "hop-thu-di"));
    expect(account.caPem).toBe(CA_PEM);
  });

  it("refuses with MAIL_CONFIG_INVALID naming every missing setting and the file to set it in", async () => {
    const { configFile, load } = await machine({ policy: { mail: { smtp: { host: "mail.gialai.gov.vn" } } } });
    const refused = load();
    await expect(refused).rejects.toMatchObject({ code: "MAIL_CONFIG_INVALID" });
    const { message } = (await refused.catch((error: unknown) => error)) as Error;
    expect(message).toContain("mail.address, mail.imap.host");
    expect(message).not.toContain("mail.smtp.host");
    expect(message).toContain(configFile);
  });

  it("names the source and the reason when the address was set but is not an address", async () => {
    const { configFile, load } = await machine({ user: { mail: { address: "an-at-gialai", ...SERVERS } } });
    await expect(load()).rejects.toMatchObject({ code: "MAIL_CONFIG_INVALID", message: expect.stringContaining(`mail.address (${configFile}: không đúng định dạng / has the wrong format)`) as string });
  });

  it("refuses a CA that is not PEM, and a CA file that cannot be read", async () => {
    await expect((await machine({ user: { mail: { address: "an@gialai.gov.vn", ...SERVERS, caPem: "not a certificate" } } })).load()).rejects.toMatchObject({ code: "MAIL_CONFIG_INVALID", message: expect.stringContaining("mail.caPem") as string });
    await expect((await machine({ user: { mailCaPemFile: "missing.pem", mail: { address: "an@gialai.gov.vn", ...SERVERS } } })).load()).rejects.toMatchObject({ code: "MAIL_CONFIG_INVALID", message: expect.stringContaining("mailCaPemFile missing.pem") as string });
  });

  it("reports a key of the former mail section (outboxDir, sent) as a problem with its file and still builds the account", async () => {
    const { configFile, load } = await machine({ user: { mail: { address: "an@gialai.gov.vn", ...SERVERS, outboxDir: "outbox", sent: { mode: "append" } } } });
    const { account, problems } = await load();
    expect(problems.map((p) => [p.source, p.path, p.message.en])).toEqual([[configFile, "mail.outboxDir", "no such setting"], [configFile, "mail.sent", "no such setting"]]);
    expect(account.address).toBe("an@gialai.gov.vn");
  });

  it("leaves nothing of a person's mail config file for the settings report to call invalid", async () => {
    const { env, configFile } = await machine({ user: { mailOutboxDir: "outbox", mailCaPemFile: "ca.pem", mail: { address: "an@gialai.gov.vn", displayName: "An", user: "an", ...SERVERS, auth: "xoauth2", sentCopy: "append", sentMailbox: "Sent" } } });
    expect(readEffectiveSettings({ env, platform: "linux", userConfigFile: configFile, userConfigOtherKeys: HOST_CONFIG_KEYS }).problems).toEqual([]);
  });
});
