import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { parseCliOptions } from "../cli-options.js";

/**
 * `kyso mail login|send|outbox|inbox`. Secrets never come from argv (other users can read a
 * process's arguments): the mail password from the keyring (stored by `kyso mail login`),
 * or `--password-env NAME`; the key's PIN from `--pin-env NAME`.
 */
export interface MailCommonArguments {
  /** The user config file (`--config FILE`); absent: KYSO_CONFIG or the OS place (sidecar/host/state-paths.ts). */
  configFile?: string;
  /** Absent: the password stored by `kyso mail login`. */
  passwordEnv?: string;
  json: boolean;
}

export interface MailLoginArguments extends MailCommonArguments {
  action: "login";
  /** Read the secret from the first line of stdin instead of an environment variable. */
  passwordStdin: boolean;
  forget: boolean;
}

export interface MailSendArguments extends MailCommonArguments {
  action: "send";
  to: string[];
  cc: string[];
  subject: string;
  bodyFile?: string;
  attachments: string[];
  readReceipt: boolean;
  /** S/MIME with the key --key names: a pkcs11:/csc:/mss: certificate id or a .p12 file; PIN from --pin-env. */
  smime?: { keyId: string; pinEnv?: string };
  waitMs: number;
}

export interface MailOutboxArguments extends MailCommonArguments {
  action: "outbox";
  retryId?: string;
  cancelId?: string;
  process: boolean;
}

export interface MailInboxArguments extends MailCommonArguments {
  action: "inbox";
  limit: number;
}

export type MailArguments = MailLoginArguments | MailSendArguments | MailOutboxArguments | MailInboxArguments;

const USAGE =
  "kyso mail login (--password-env NAME | --password-stdin | --forget) | " +
  "kyso mail send --to A [--cc B] --subject S [--body-file F] [--attach FILE …] [--smime --key pkcs11:…|csc:…|FILE.p12 [--pin-env NAME]] | " +
  "kyso mail outbox [--retry ID | --cancel ID | --process] [--json] | kyso mail inbox [--limit N] [--json]; " +
  "all with [--config FILE] [--password-env NAME]";

const splitAddresses = (values: readonly string[] | undefined): string[] =>
  (values ?? []).flatMap((value) => value.split(",")).map((a) => a.trim()).filter((a) => a !== "");

export function parseMailArguments(args: string[], env: NodeJS.ProcessEnv): MailArguments {
  const { values, positionals } = parseCliOptions(args, {
    config: { type: "string" },
    "password-env": { type: "string" },
    json: { type: "boolean" },
    to: { type: "string", multiple: true },
    cc: { type: "string", multiple: true },
    subject: { type: "string" },
    "body-file": { type: "string" },
    attach: { type: "string", multiple: true },
    "read-receipt": { type: "boolean" },
    smime: { type: "boolean" },
    key: { type: "string" },
    "pin-env": { type: "string" },
    wait: { type: "string" },
    retry: { type: "string" },
    cancel: { type: "string" },
    process: { type: "boolean" },
    limit: { type: "string" },
    password: { type: "string" },
    pin: { type: "string" },
    "password-stdin": { type: "boolean" },
    forget: { type: "boolean" },
  });
  if (values.password !== undefined || values.pin !== undefined) {
    throw new KysoError("CLI_USAGE", "secrets are not taken from the command line (other users can read it): use --password-env NAME / --pin-env NAME");
  }
  const configFile = values.config ?? env.KYSO_CONFIG;
  const common = { ...(configFile !== undefined ? { configFile } : {}), ...(values["password-env"] !== undefined ? { passwordEnv: values["password-env"] } : {}), json: values.json ?? false };
  const action = positionals[0];
  if (action === "login") {
    const sources = [values["password-env"] !== undefined, values["password-stdin"] === true, values.forget === true].filter(Boolean).length;
    if (sources !== 1) throw new KysoError("CLI_USAGE", "kyso mail login takes one of --password-env NAME, --password-stdin, --forget");
    return { ...common, action, passwordStdin: values["password-stdin"] ?? false, forget: values.forget ?? false };
  }
  if (action === "send") {
    const to = splitAddresses(values.to);
    if (to.length === 0) throw new KysoError("CLI_USAGE", "--to ADDRESS is required");
    if (values.subject === undefined) throw new KysoError("CLI_USAGE", "--subject TEXT is required");
    if (values.smime && values.key === undefined) throw new KysoError("CLI_USAGE", "--smime needs --key (pkcs11:…, csc:… or FILE.p12)");
    const waitSeconds = Number(values.wait ?? "30");
    if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw new KysoError("CLI_USAGE", "--wait takes seconds");
    return {
      ...common,
      action,
      to,
      cc: splitAddresses(values.cc),
      subject: values.subject,
      ...(values["body-file"] !== undefined ? { bodyFile: values["body-file"] } : {}),
      attachments: values.attach ?? [],
      readReceipt: values["read-receipt"] ?? false,
      ...(values.smime ? { smime: { keyId: values.key ?? "", ...(values["pin-env"] !== undefined ? { pinEnv: values["pin-env"] } : {}) } } : {}),
      waitMs: waitSeconds * 1000,
    };
  }
  if (action === "outbox") {
    if (values.retry !== undefined && values.cancel !== undefined) throw new KysoError("CLI_USAGE", "--retry and --cancel exclude each other");
    return {
      ...common,
      action,
      ...(values.retry !== undefined ? { retryId: values.retry } : {}),
      ...(values.cancel !== undefined ? { cancelId: values.cancel } : {}),
      process: values.process ?? false,
    };
  }
  if (action === "inbox") {
    const limit = Number(values.limit ?? "50");
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new KysoError("CLI_USAGE", "--limit takes 1…10000");
    return { ...common, action, limit };
  }
  throw new KysoError("CLI_USAGE", USAGE);
}
