import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Language } from "../../../shared/protocol/error-messages.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { OpenedKey } from "../../keys/key-source.js";
import { inputFileError } from "../../pdf-files/file-byte-source.js";
import type { CliCommand, CliContext } from "../cli-io.js";
import { errorText } from "../error-text.js";
import { parseMailArguments, type MailCommonArguments, type MailInboxArguments, type MailLoginArguments, type MailOutboxArguments, type MailSendArguments } from "./mail-arguments.js";
import { openMailAudit } from "./mail-audit.js";
import { entryLine, incomingLine } from "./mail-output.js";

/** Exit code when the message is safely queued but not sent yet (sysexits EX_TEMPFAIL). */
const EXIT_QUEUED = 75;

/**
 * The account from the `mail` settings (policy, then the config file); a value that could not
 * be used is said on stderr, not dropped silently (the next source's value is used).
 */
async function mailAccount(args: MailCommonArguments, context: CliContext) {
  const { loadMailAccount } = await import("../../config/mail-account-from-settings.js");
  const { account, problems } = await loadMailAccount({ ...(args.configFile !== undefined ? { configFile: args.configFile } : {}), env: process.env });
  const warning = context.language === "vi" ? "cảnh báo" : "warning";
  for (const found of problems) context.stderr(`kyso: ${warning}: ${found.source}: ${found.path}: ${found.message[context.language]}\n`);
  return account;
}

async function session(args: MailCommonArguments, context: CliContext) {
  const { credentialsFor } = await import("../../mail/mail-account.js");
  const account = await mailAccount(args, context);
  if (args.passwordEnv === undefined) {
    const { storedCredentials } = await import("../../mail/credentials/account-credentials.js");
    return { account, credentials: await storedCredentials(account) };
  }
  const password = process.env[args.passwordEnv];
  if (password === undefined) throw new KysoError("CLI_USAGE", `environment variable ${args.passwordEnv} is not set`);
  return { account, credentials: credentialsFor(account, password) };
}

async function firstStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
}

/** `kyso mail login`: checks nothing on the server (that is what send/inbox report), stores the secret in the keyring or the encrypted file. */
async function login(args: MailLoginArguments, context: CliContext): Promise<number> {
  const { chooseCredentialStore } = await import("../../mail/credentials/choose-credential-store.js");
  const { credentialKey } = await import("../../mail/credentials/credential-store.js");
  const account = await mailAccount(args, context);
  const store = await chooseCredentialStore();
  const key = credentialKey(account);
  const vi = context.language === "vi";
  if (args.forget) {
    await store.remove(key);
    context.stdout(vi ? `Đã xóa mật khẩu của ${key} khỏi ${store.location}.\n` : `Removed the password of ${key} from ${store.location}.\n`);
    return 0;
  }
  const secret = args.passwordStdin ? await firstStdinLine() : process.env[args.passwordEnv ?? ""];
  if (secret === undefined || secret === "") throw new KysoError("CLI_USAGE", args.passwordStdin ? "stdin is empty" : `environment variable ${args.passwordEnv ?? ""} is not set`);
  await store.write(key, secret);
  context.stdout(args.json ? `${JSON.stringify({ account: key, store: store.kind, location: store.location })}\n` : vi ? `Đã lưu mật khẩu của ${key} vào ${store.location}.\n` : `Stored the password of ${key} in ${store.location}.\n`);
  return 0;
}

async function readInput(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw inputFileError(path, error);
  }
}

/**
 * The S/MIME key from the key-source registry, as `kyso sign` opens it: a token key
 * (pkcs11:), a remote key (csc:, mss: — the approval code is printed on stderr) or a .p12.
 * One signature, so the token is logged out again right after the message is built.
 */
async function openSmimeKey(smime: { keyId: string; pinEnv?: string }, context: CliContext): Promise<OpenedKey> {
  const { schemeOf } = await import("../../keys/key-sources.js");
  const { openCliKey } = await import("../keys/open-cli-key.js");
  const pin = smime.pinEnv !== undefined ? process.env[smime.pinEnv] : undefined;
  if (smime.pinEnv !== undefined && pin === undefined) throw new KysoError("CLI_USAGE", `environment variable ${smime.pinEnv} is not set`);
  if (pin === undefined && schemeOf(smime.keyId) === "pkcs12") throw new KysoError("CLI_USAGE", "a .p12 key needs --pin-env NAME");
  return openCliKey(smime.keyId, context, { count: 1, ...(pin !== undefined ? { secret: new TextEncoder().encode(pin) } : {}) });
}

async function send(args: MailSendArguments, context: CliContext): Promise<number> {
  const { account, credentials } = await session(args, context);
  const { composeMessage } = await import("../../mail/mime/compose-message.js");
  const { Outbox } = await import("../../mail/outbox/outbox.js");
  const smimeKey = args.smime ? await openSmimeKey(args.smime, context) : undefined;
  const attachments = await Promise.all(
    args.attachments.map(async (path) => ({
      filename: basename(path),
      content: await readInput(path),
      contentType: path.toLowerCase().endsWith(".pdf") ? "application/pdf" : "application/octet-stream",
    })),
  );
  const message = await composeMessage({
    from: { address: account.address, ...(account.displayName !== undefined ? { name: account.displayName } : {}) },
    to: args.to,
    cc: args.cc,
    subject: args.subject,
    text: args.bodyFile !== undefined ? (await readInput(args.bodyFile)).toString("utf8") : "",
    attachments,
    readReceipt: args.readReceipt,
    ...(smimeKey ? { smimeSigner: smimeKey } : {}),
  }).finally(() => smimeKey?.close());
  const recordMail = await openMailAudit(args, context);
  const sent = { attachments, smimeCertificateDer: smimeKey?.certificateDer };
  const outbox = await Outbox.open({ account, credentials });
  try {
    const queued = await outbox.enqueue(message, args.subject);
    await recordMail(queued, sent);
    const [entry] = await outbox.drain({ deadlineMs: args.waitMs, ids: [queued.id] });
    if (!entry) throw new KysoError("INTERNAL_ERROR", "the queued message disappeared");
    if (entry.state !== "queued") await recordMail(entry, sent);
    context.stdout(args.json ? `${JSON.stringify(entry, null, 2)}\n` : entryLine(entry, context.language));
    return exitFor(entry, context);
  } finally {
    await outbox.close();
  }
}

function exitFor(entry: { state: string; lastError?: { code: KysoError["code"]; detail: string } }, context: CliContext): number {
  if (entry.state === "queued") return EXIT_QUEUED;
  if (entry.state === "accepted" && entry.lastError === undefined) return 0;
  if (entry.lastError) context.stderr(`kyso: ${entry.lastError.code}: ${errorText(new KysoError(entry.lastError.code, entry.lastError.detail), context.language)}\n`);
  return 1;
}

async function outboxAction(args: MailOutboxArguments, context: CliContext): Promise<number> {
  const { account, credentials } = await session(args, context);
  const { Outbox } = await import("../../mail/outbox/outbox.js");
  // Listing records nothing; what changes an entry's fate is recorded as the host records it.
  const recordMail = args.cancelId !== undefined || args.retryId !== undefined || args.process ? await openMailAudit(args, context) : undefined;
  const outbox = await Outbox.open({ account, credentials });
  try {
    let entries;
    if (args.cancelId !== undefined) entries = [await outbox.cancel(args.cancelId)];
    else if (args.retryId !== undefined) {
      await outbox.retryEntry(args.retryId);
      entries = await outbox.drain({ deadlineMs: 30_000, ids: [args.retryId] });
    } else {
      if (args.process) for (const entry of await outbox.processDue()) await recordMail?.(entry);
      entries = await outbox.list();
    }
    if (args.cancelId !== undefined || args.retryId !== undefined) for (const entry of entries) await recordMail?.(entry);
    context.stdout(args.json ? `${JSON.stringify({ entries }, null, 2)}\n` : entries.map((e) => entryLine(e, context.language)).join(""));
    if (entries.length === 0 && !args.json) context.stdout(context.language === "vi" ? "Hộp thư đi trống.\n" : "The outbox is empty.\n");
    return args.retryId !== undefined && entries[0] ? exitFor(entries[0], context) : 0;
  } finally {
    await outbox.close();
  }
}

async function inbox(args: MailInboxArguments, context: CliContext): Promise<number> {
  const { account, credentials } = await session(args, context);
  const { listIncomingPdfMail } = await import("../../mail/imap/incoming.js");
  const messages = await listIncomingPdfMail({ account, credentials, limit: args.limit });
  context.stdout(args.json ? `${JSON.stringify({ messages }, null, 2)}\n` : messages.map((m) => incomingLine(m, context.language)).join(""));
  return 0;
}

const SUMMARY: Record<Language, string> = {
  vi: "gửi thư công vụ, xem hộp thư đi và thư đến có văn bản PDF, lưu mật khẩu thư (mail send|outbox|inbox|login)",
  en: "send official mail, show the outbox and incoming mail with PDFs, store the mail password (mail send|outbox|inbox|login)",
};

export const mailCommand: CliCommand = {
  name: "mail",
  summary: SUMMARY,
  async run(context) {
    const args = parseMailArguments(context.args, process.env);
    if (args.action === "login") return login(args, context);
    if (args.action === "send") return send(args, context);
    if (args.action === "outbox") return outboxAction(args, context);
    return inbox(args, context);
  },
};
