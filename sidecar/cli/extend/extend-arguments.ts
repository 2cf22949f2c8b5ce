import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { isHashAlgorithm, type HashAlgorithm } from "../../../shared/cms/algorithms.js";
import { parseBatchOutput, type BatchOutput } from "../document-batch.js";
import { parseCliOptions } from "../cli-options.js";

export interface ExtendArguments {
  inputs: string[];
  output: BatchOutput;
  level: "B-LT" | "B-LTA";
  tsaUrl?: string;
  hash?: HashAlgorithm;
  json: boolean;
  overwrite: boolean;
  /** `--pdf-password-env NAME`: the environment variable holding an encrypted input's password. */
  pdfPasswordEnv?: string;
}

/** `kyso extend IN.pdf [MORE.pdf …] (-o OUT.pdf | --out-dir DIR) --level B-LT|B-LTA [--tsa URL]`. */
export function parseExtendArguments(args: string[]): ExtendArguments {
  const { values, positionals } = parseCliOptions(args, {
    output: { type: "string", short: "o" },
    "out-dir": { type: "string" },
    level: { type: "string" },
    tsa: { type: "string" },
    hash: { type: "string" },
    json: { type: "boolean" },
    force: { type: "boolean" },
    "pdf-password-env": { type: "string" },
  });
  if (positionals.length === 0) throw new KysoError("CLI_USAGE", "kyso extend SIGNED.pdf (-o OUT.pdf | --out-dir DIR) --level B-LT|B-LTA [--tsa URL]");
  const output = parseBatchOutput({ output: values.output, outDir: values["out-dir"], inputCount: positionals.length });
  const level = values.level ?? "B-LT";
  if (level !== "B-LT" && level !== "B-LTA") throw new KysoError("CLI_USAGE", "--level takes B-LT or B-LTA");
  if (level === "B-LTA" && !values.tsa) throw new KysoError("CLI_USAGE", "--level B-LTA needs --tsa URL (the archive timestamp)");
  const { hash } = values;
  if (hash !== undefined && !isHashAlgorithm(hash)) throw new KysoError("CLI_USAGE", "--hash takes SHA-256, SHA-384 or SHA-512");
  return {
    inputs: positionals,
    output,
    level,
    ...(values.tsa ? { tsaUrl: values.tsa } : {}),
    ...(hash === undefined ? {} : { hash }),
    json: values.json ?? false,
    overwrite: values.force ?? false,
    ...(values["pdf-password-env"] ? { pdfPasswordEnv: values["pdf-password-env"] } : {}),
  };
}
