import { parseArgs } from "node:util";
import { KysoError } from "../../../shared/protocol/kyso-error.js";

export type SecretSource = { kind: "env"; name: string } | { kind: "stdin" };

export interface SignArguments {
  inputs: string[];
  output: { kind: "file"; path: string } | { kind: "directory"; path: string };
  keyPath: string;
  secret: SecretSource | undefined;
  pageIndex: number;
  fieldName?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  json: boolean;
  overwrite: boolean;
  level: "B-B" | "B-T";
  tsaUrl?: string;
}

/** Profiles and levels this build signs; the rest of issue "PDF signing engine" is refused clearly. */
const SUPPORTED_LEVELS = ["B-B", "B-T"];
const SUPPORTED_PROFILES = ["invisible"];

/**
 * `kyso sign IN.pdf [MORE.pdf …] (-o OUT.pdf | --out-dir DIR) --key FILE.p12 [--pin-env NAME |
 * --pin-stdin] …`. Secrets never come from argv: other users can read a process's arguments.
 */
export function parseSignArguments(args: string[]): SignArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        output: { type: "string", short: "o" },
        "out-dir": { type: "string" },
        key: { type: "string" },
        "pin-env": { type: "string" },
        "pin-stdin": { type: "boolean" },
        level: { type: "string" },
        tsa: { type: "string" },
        profile: { type: "string" },
        page: { type: "string" },
        field: { type: "string" },
        reason: { type: "string" },
        location: { type: "string" },
        contact: { type: "string" },
        json: { type: "boolean" },
        force: { type: "boolean" },
      },
    });
  } catch (error) {
    throw new KysoError("CLI_USAGE", error instanceof Error ? error.message : String(error), { cause: error });
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new KysoError("CLI_USAGE", "kyso sign IN.pdf (-o OUT.pdf | --out-dir DIR) --key FILE.p12");
  if (!values.key) throw new KysoError("CLI_USAGE", "--key FILE.p12 is required");
  if (values.output && values["out-dir"]) throw new KysoError("CLI_USAGE", "-o and --out-dir exclude each other");
  if (values.output && positionals.length > 1) throw new KysoError("CLI_USAGE", "several inputs need --out-dir");
  if (!values.output && !values["out-dir"]) throw new KysoError("CLI_USAGE", "-o OUT.pdf or --out-dir DIR is required");
  if (values["pin-env"] && values["pin-stdin"]) throw new KysoError("CLI_USAGE", "--pin-env and --pin-stdin exclude each other");
  if (values.level && !SUPPORTED_LEVELS.includes(values.level)) throw new KysoError("CLI_USAGE", `--level ${values.level} is not available yet (available: ${SUPPORTED_LEVELS.join(", ")})`);
  if (values.profile && !SUPPORTED_PROFILES.includes(values.profile)) throw new KysoError("CLI_USAGE", `--profile ${values.profile} is not available yet (available: ${SUPPORTED_PROFILES.join(", ")})`);
  const level = (values.level ?? (values.tsa ? "B-T" : "B-B")) as "B-B" | "B-T";
  if (level === "B-T" && !values.tsa) throw new KysoError("CLI_USAGE", "--level B-T needs --tsa URL");
  const page = values.page === undefined ? 1 : Number(values.page);
  if (!Number.isInteger(page) || page < 1) throw new KysoError("CLI_USAGE", "--page takes a page number from 1");

  return {
    inputs: positionals,
    output: values.output ? { kind: "file", path: values.output } : { kind: "directory", path: values["out-dir"]! },
    keyPath: values.key,
    secret: values["pin-env"] ? { kind: "env", name: values["pin-env"] } : values["pin-stdin"] ? { kind: "stdin" } : undefined,
    pageIndex: page - 1,
    ...(values.field ? { fieldName: values.field } : {}),
    ...(values.reason ? { reason: values.reason } : {}),
    ...(values.location ? { location: values.location } : {}),
    ...(values.contact ? { contactInfo: values.contact } : {}),
    json: values.json ?? false,
    level,
    ...(values.tsa ? { tsaUrl: values.tsa } : {}),
    overwrite: values.force ?? false,
  };
}
