import { APPEARANCE_PROFILES, isAppearanceProfile, type AppearanceProfile, type PdfRect } from "../../../shared/appearance/appearance-options.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { isHashAlgorithm, type HashAlgorithm } from "../../../shared/cms/algorithms.js";
import { parseBatchOutput, type BatchOutput } from "../document-batch.js";
import { parseCliOptions } from "../cli-options.js";
import type { FieldLock } from "../../../shared/pades/field-lock.js";

/** "demo-key": the demo key's public password (sidecar/keys/demo-key.ts), never set from the command line. */
export type SecretSource = { kind: "env"; name: string } | { kind: "stdin" } | { kind: "demo-key" };

export interface SignArguments {
  inputs: string[];
  output: BatchOutput;
  keyPath: string;
  secret: SecretSource | undefined;
  profile: AppearanceProfile;
  /** 0-based; absent: page 1 for invisible signatures, the profile's default page otherwise. */
  pageIndex?: number;
  /** `--rect x,y,w,h` in default user space, as [x1 y1 x2 y2]. */
  rect?: PdfRect;
  signerImagePath?: string;
  sealImagePath?: string;
  documentNumber?: string;
  organisation?: string;
  stampText?: string;
  fieldName?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  json: boolean;
  overwrite: boolean;
  level: "B-B" | "B-T" | "B-LT" | "B-LTA";
  tsaUrl?: string;
  certify?: 1 | 2 | 3;
  hash?: HashAlgorithm;
  /** `--lock all | include:A,B | exclude:A,B`: FieldMDP, the form fields this signature locks. */
  lock?: FieldLock;
  /** `--pdf-password-env NAME`: the environment variable holding an encrypted input's password. */
  pdfPasswordEnv?: string;
}

/** As parsed: without --key, the caller picks the default key (default-key.ts). */
export type ParsedSignArguments = Omit<SignArguments, "keyPath"> & { keyPath: string | undefined };

/** Levels this build signs; the rest of issue "PDF signing engine" is refused clearly. */
const SUPPORTED_LEVELS = ["B-B", "B-T", "B-LT", "B-LTA"];
/** Options that only mean something on a visible signature. */
const APPEARANCE_ONLY = ["rect", "image", "seal", "doc-number", "org", "text"] as const;

/**
 * `kyso sign IN.pdf [MORE.pdf …] (-o OUT.pdf | --out-dir DIR) [--key (FILE.p12 | pkcs11:URI)]
 * [--pin-env NAME | --pin-stdin] …`. Secrets never come from argv: other users can read a process's arguments.
 */
export function parseSignArguments(args: string[]): ParsedSignArguments {
  const { values, positionals } = parseCliOptions(args, {
    output: { type: "string", short: "o" },
    "out-dir": { type: "string" },
    key: { type: "string" },
    "pin-env": { type: "string" },
    "pin-stdin": { type: "boolean" },
    level: { type: "string" },
    tsa: { type: "string" },
    certify: { type: "string" },
    hash: { type: "string" },
    profile: { type: "string" },
    page: { type: "string" },
    rect: { type: "string" },
    image: { type: "string" },
    seal: { type: "string" },
    "doc-number": { type: "string" },
    org: { type: "string" },
    text: { type: "string" },
    field: { type: "string" },
    reason: { type: "string" },
    location: { type: "string" },
    contact: { type: "string" },
    json: { type: "boolean" },
    force: { type: "boolean" },
    lock: { type: "string" },
    "pdf-password-env": { type: "string" },
    password: { type: "string" },
  });
  if (positionals.length === 0) throw new KysoError("CLI_USAGE", "kyso sign IN.pdf (-o OUT.pdf | --out-dir DIR) [--key FILE.p12]");
  if (values.key === "") throw new KysoError("CLI_USAGE", "--key needs a value: FILE.p12 or 'pkcs11:token=…;id=…?module-path=…'");
  const output = parseBatchOutput({ output: values.output, outDir: values["out-dir"], inputCount: positionals.length });
  if (values["pin-env"] && values["pin-stdin"]) throw new KysoError("CLI_USAGE", "--pin-env and --pin-stdin exclude each other");
  // Issue 3 sketched `--password S`; like the PIN, a document password never comes from argv.
  if (values.password !== undefined) throw new KysoError("CLI_USAGE", "--password is not accepted (other users can read process arguments): put the PDF's password in an environment variable and pass --pdf-password-env NAME");
  if (values.level && !SUPPORTED_LEVELS.includes(values.level)) throw new KysoError("CLI_USAGE", `--level ${values.level} is not available yet (available: ${SUPPORTED_LEVELS.join(", ")})`);
  const profile = values.profile ?? "invisible";
  if (!isAppearanceProfile(profile)) throw new KysoError("CLI_USAGE", `--profile ${profile} is unknown (available: ${APPEARANCE_PROFILES.join(", ")})`);
  const needsAppearance = APPEARANCE_ONLY.find((option) => values[option] !== undefined);
  if (profile === "invisible" && needsAppearance) throw new KysoError("CLI_USAGE", `--${needsAppearance} needs a visible --profile (${APPEARANCE_PROFILES.filter((p) => p !== "invisible").join(", ")})`);
  if (values.certify !== undefined && !["1", "2", "3"].includes(values.certify)) throw new KysoError("CLI_USAGE", "--certify takes 1, 2 or 3 (DocMDP permission)");
  const { hash } = values;
  if (hash !== undefined && !isHashAlgorithm(hash)) throw new KysoError("CLI_USAGE", "--hash takes SHA-256, SHA-384 or SHA-512");
  const level = (values.level ?? (values.tsa ? "B-T" : "B-B")) as SignArguments["level"];
  if (level !== "B-B" && !values.tsa) throw new KysoError("CLI_USAGE", `--level ${level} needs --tsa URL (a signature timestamp)`);
  const page = values.page === undefined ? undefined : Number(values.page);
  if (page !== undefined && (!Number.isInteger(page) || page < 1)) throw new KysoError("CLI_USAGE", "--page takes a page number from 1");

  return {
    inputs: positionals,
    output,
    keyPath: values.key,
    secret: values["pin-env"] ? { kind: "env", name: values["pin-env"] } : values["pin-stdin"] ? { kind: "stdin" } : undefined,
    profile,
    ...(page === undefined ? {} : { pageIndex: page - 1 }),
    ...(values.rect === undefined ? {} : { rect: parseRect(values.rect) }),
    ...(values.image ? { signerImagePath: values.image } : {}),
    ...(values.seal ? { sealImagePath: values.seal } : {}),
    ...(values["doc-number"] ? { documentNumber: values["doc-number"] } : {}),
    ...(values.org ? { organisation: values.org } : {}),
    ...(values.text ? { stampText: values.text } : {}),
    ...(values.field ? { fieldName: values.field } : {}),
    ...(values.reason ? { reason: values.reason } : {}),
    ...(values.location ? { location: values.location } : {}),
    ...(values.contact ? { contactInfo: values.contact } : {}),
    json: values.json ?? false,
    level,
    ...(values.tsa ? { tsaUrl: values.tsa } : {}),
    ...(values.certify ? { certify: Number(values.certify) as 1 | 2 | 3 } : {}),
    ...(hash === undefined ? {} : { hash }),
    overwrite: values.force ?? false,
    ...(values.lock === undefined ? {} : { lock: parseLock(values.lock) }),
    ...(values["pdf-password-env"] ? { pdfPasswordEnv: values["pdf-password-env"] } : {}),
  };
}

/** `x,y,w,h` in points, in default user space (the page as written, before its /Rotate). */
function parseRect(text: string): PdfRect {
  const numbers = text.split(",").map((part) => (part.trim() === "" ? Number.NaN : Number(part)));
  const [x, y, width, height] = numbers;
  if (numbers.length !== 4 || !numbers.every(Number.isFinite) || width! <= 0 || height! <= 0) {
    throw new KysoError("CLI_USAGE", "--rect takes x,y,w,h in points, with a positive width and height");
  }
  return [x!, y!, x! + width!, y! + height!];
}

/** `all`, `include:A,B` or `exclude:A,B` (fully qualified field names, ISO 32000-2 §12.7.5.5). */
function parseLock(text: string): FieldLock {
  if (text === "all") return { action: "All" };
  const match = /^(include|exclude):(.+)$/.exec(text);
  const fields = match?.[2]?.split(",").map((name) => name.trim()).filter(Boolean) ?? [];
  if (!match || fields.length === 0) throw new KysoError("CLI_USAGE", "--lock takes all, include:FIELD,… or exclude:FIELD,…");
  return { action: match[1] === "include" ? "Include" : "Exclude", fields };
}
