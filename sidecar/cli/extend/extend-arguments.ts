import { parseArgs } from "node:util";
import { KysoError } from "../../../shared/protocol/kyso-error.js";

export interface ExtendArguments {
  inputs: string[];
  output: { kind: "file"; path: string } | { kind: "directory"; path: string };
  level: "B-LT" | "B-LTA";
  tsaUrl?: string;
  hash?: "SHA-256" | "SHA-384" | "SHA-512";
  json: boolean;
  overwrite: boolean;
  /** `--pdf-password-env NAME`: the environment variable holding an encrypted input's password. */
  pdfPasswordEnv?: string;
}

/** `kyso extend IN.pdf [MORE.pdf …] (-o OUT.pdf | --out-dir DIR) --level B-LT|B-LTA [--tsa URL]`. */
export function parseExtendArguments(args: string[]): ExtendArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        output: { type: "string", short: "o" },
        "out-dir": { type: "string" },
        level: { type: "string" },
        tsa: { type: "string" },
        hash: { type: "string" },
        json: { type: "boolean" },
        force: { type: "boolean" },
        "pdf-password-env": { type: "string" },
      },
    });
  } catch (error) {
    throw new KysoError("CLI_USAGE", error instanceof Error ? error.message : String(error), { cause: error });
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new KysoError("CLI_USAGE", "kyso extend SIGNED.pdf (-o OUT.pdf | --out-dir DIR) --level B-LT|B-LTA [--tsa URL]");
  if (values.output && values["out-dir"]) throw new KysoError("CLI_USAGE", "-o and --out-dir exclude each other");
  if (values.output && positionals.length > 1) throw new KysoError("CLI_USAGE", "several inputs need --out-dir");
  if (!values.output && !values["out-dir"]) throw new KysoError("CLI_USAGE", "-o OUT.pdf or --out-dir DIR is required");
  const level = values.level ?? "B-LT";
  if (level !== "B-LT" && level !== "B-LTA") throw new KysoError("CLI_USAGE", "--level takes B-LT or B-LTA");
  if (level === "B-LTA" && !values.tsa) throw new KysoError("CLI_USAGE", "--level B-LTA needs --tsa URL (the archive timestamp)");
  if (values.hash !== undefined && !["SHA-256", "SHA-384", "SHA-512"].includes(values.hash)) throw new KysoError("CLI_USAGE", "--hash takes SHA-256, SHA-384 or SHA-512");
  return {
    inputs: positionals,
    output: values.output ? { kind: "file", path: values.output } : { kind: "directory", path: values["out-dir"]! },
    level,
    ...(values.tsa ? { tsaUrl: values.tsa } : {}),
    ...(values.hash ? { hash: values.hash as ExtendArguments["hash"] & string } : {}),
    json: values.json ?? false,
    overwrite: values.force ?? false,
    ...(values["pdf-password-env"] ? { pdfPasswordEnv: values["pdf-password-env"] } : {}),
  };
}
