import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { LayeredProblem } from "../../shared/policy/layered-settings.js";
import type { KysoSettings } from "../../shared/policy/settings.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import { HOST_CONFIG_KEYS, loadHostConfig, type HostConfig } from "../host/host-config.js";
import { configFilePath, stateDirPath } from "../host/state-paths.js";
import type { MailAccount } from "../mail/mail-account.js";
import { readEffectiveSettings } from "./effective-settings.js";

/**
 * The mail account of `kyso mail` and the host's mail.* methods, from the one `mail` settings
 * group (shared/policy/settings.ts) with the usual precedence: machine policy > browser
 * policy > the user's config file > defaults. IT's policy normally sets the servers and
 * leaves the person's own address, name and login to the user's config file. Two things are
 * paths on this machine and so the host config's, not settings: mailOutboxDir (default
 * <state dir>/outbox) and mailCaPemFile (host-config.ts).
 */
export interface LoadedMailAccount {
  account: MailAccount;
  /** Values under `mail` that were set but could not be used (reported; the next source's value was used). */
  problems: LayeredProblem[];
}

export interface MailAccountSources {
  /** The user config file (`--config FILE`); configFilePath(env) — KYSO_CONFIG or the OS place — when omitted. */
  configFile?: string;
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

/** Without these there is no account to use: named in the error, in the person's config file's terms. */
const REQUIRED = [
  ["mail.address", (mail: KysoSettings["mail"]) => mail.address],
  ["mail.smtp.host", (mail: KysoSettings["mail"]) => mail.smtp.host],
  ["mail.imap.host", (mail: KysoSettings["mail"]) => mail.imap.host],
] as const;

function missingSettings(mail: KysoSettings["mail"], problems: readonly LayeredProblem[], configFile: string): KysoError | undefined {
  const missing = REQUIRED.filter(([, valueOf]) => valueOf(mail) === "").map(([path]) => {
    const rejected = problems.find((found) => found.path === path);
    return rejected ? `${path} (${rejected.source}: ${rejected.message.vi} / ${rejected.message.en})` : path;
  });
  if (missing.length === 0) return undefined;
  return new KysoError("MAIL_CONFIG_INVALID", `chưa đặt / not set: ${missing.join(", ")} — đặt trong / set in ${configFile} ("mail": { "address", "smtp": { "host" }, "imap": { "host" } }) hoặc chính sách / or policy`);
}

async function caPemOf(mail: KysoSettings["mail"], host: HostConfig, near: (path: string) => string): Promise<string | undefined> {
  if (host.mailCaPemFile !== undefined) {
    try {
      return await readFile(near(host.mailCaPemFile), "utf8");
    } catch (error) {
      throw new KysoError("MAIL_CONFIG_INVALID", `mailCaPemFile ${host.mailCaPemFile}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  if (mail.caPem === "") return undefined;
  if (!mail.caPem.includes("-----BEGIN CERTIFICATE-----")) throw new KysoError("MAIL_CONFIG_INVALID", "mail.caPem: không phải chứng thư PEM / not a PEM certificate");
  return mail.caPem;
}

/** The account from settings already read and the host config's paths; relative paths are relative to the config file. */
async function mailAccountFromSettings(mail: KysoSettings["mail"], host: HostConfig, paths: { configFile: string; stateDir: string }): Promise<MailAccount> {
  const near = (path: string) => (isAbsolute(path) ? path : resolve(dirname(paths.configFile), path));
  const caPem = await caPemOf(mail, host, near);
  return {
    address: mail.address,
    ...(mail.displayName !== "" ? { displayName: mail.displayName } : {}),
    user: mail.user !== "" ? mail.user : mail.address,
    smtp: { ...mail.smtp },
    imap: { ...mail.imap },
    ...(caPem !== undefined ? { caPem } : {}),
    sent: { mode: mail.sentCopy, ...(mail.sentMailbox !== "" ? { mailbox: mail.sentMailbox } : {}) },
    outboxDir: host.mailOutboxDir !== undefined ? near(host.mailOutboxDir) : join(paths.stateDir, "outbox"),
    auth: mail.auth,
  };
}

/** Reads the settings and the host config, and builds the account; MAIL_CONFIG_INVALID names what is missing. */
export async function loadMailAccount(sources: MailAccountSources): Promise<LoadedMailAccount> {
  const { env } = sources;
  const platform = sources.platform ?? process.platform;
  const configFile = sources.configFile ?? configFilePath(env, platform);
  const effective = readEffectiveSettings({ env, platform, userConfigFile: configFile, userConfigOtherKeys: HOST_CONFIG_KEYS });
  const problems = effective.problems.filter((found) => found.path === "mail" || found.path.startsWith("mail."));
  const missing = missingSettings(effective.settings.mail, problems, configFile);
  if (missing) throw missing;
  const host = loadHostConfig(configFile).config;
  const account = await mailAccountFromSettings(effective.settings.mail, host, { configFile, stateDir: stateDirPath(env, platform) });
  return { account, problems };
}
