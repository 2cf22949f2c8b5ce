import { X509Certificate } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AppearanceOptions, FontSource } from "../../../shared/appearance/appearance-options.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { CmsSigner } from "../../../shared/cms/cms-signer.js";
import type { OpenedKey } from "../../keys/key-source.js";
import type { CliCommand, CliContext } from "../cli-io.js";
import { reportBatch, runDocumentBatch, type BatchSummary, type DocumentResult } from "../document-batch.js";
import { cancelOnInterrupt, INTERRUPTED_EXIT_CODE } from "../interrupt-cancel.js";
import { withDefaultKey } from "./default-key.js";
import { parseSignArguments, type SignArguments } from "./sign-arguments.js";
import { SIGN_USAGE } from "./sign-usage.js";
import { readSecret } from "./read-secret.js";
import { readInputFile } from "../../pdf-files/file-byte-source.js";
import type { SignPdfFileOptions } from "../../pdf-files/sign-pdf-file.js";
import type { FieldLock } from "../../../shared/pades/field-lock.js";
import type { SignAuditTrail } from "./sign-audit.js";

const SIGNED_SUMMARY: BatchSummary = {
  vi: (done, total) => `Đã ký ${done}/${total} tệp.`,
  en: (done, total) => `Signed ${done} of ${total} files.`,
};

const FONT_FILES = { regular: "Tinos-Regular.ttf", bold: "Tinos-Bold.ttf" } as const;
/** Parents searched for the fonts: the source tree is three levels up, the bundle and its chunks two or three. */
const FONT_SEARCH_DEPTH = 4;

/**
 * The key for the whole batch, from the source its --key names (open-cli-key.ts): a token key
 * holds a login and a remote key an authorisation, which close() ends.
 */
async function loadSigner(args: SignArguments, context: CliContext, signal: AbortSignal): Promise<OpenedKey> {
  // Loaded on demand: `kyso --version` must not pay for the key and PDF code.
  const { schemeOf } = await import("../../keys/key-sources.js");
  const { openCliKey } = await import("../keys/open-cli-key.js");
  // A key file always has a password; a token or a service may use its PIN pad or the phone.
  const secret = schemeOf(args.keyPath) === "pkcs12" || args.secret ? await readSecret(args.secret, process.env, process.stdin) : "";
  return openCliKey(args.keyPath, context, {
    count: args.inputs.length,
    signal,
    ...(secret === "" && schemeOf(args.keyPath) !== "pkcs12" ? {} : { secret: new TextEncoder().encode(secret) }),
    ...(args.hash ? { hash: args.hash } : {}),
  });
}

/**
 * The Tinos fonts of shared/appearance/fonts, found from this module's own location: in the
 * source tree (sidecar/cli/sign/), in the bundle (dist/sidecar/kyso.mjs) or in one of its
 * code-split chunks (beside it), and in the `fonts/` folder the build copies beside the bundle.
 * Never relative to the working directory.
 */
async function loadFonts(): Promise<FontSource> {
  const candidates: string[] = [];
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth <= FONT_SEARCH_DEPTH; depth += 1) {
    candidates.push(join(dir, "fonts"), join(dir, "shared", "appearance", "fonts"));
    dir = dirname(dir);
  }
  const found = candidates.find((candidate) => existsSync(join(candidate, FONT_FILES.regular)) && existsSync(join(candidate, FONT_FILES.bold)));
  if (!found) throw new KysoError("FILE_NOT_FOUND", `${FONT_FILES.regular} (searched ${candidates.join(", ")})`);
  return { regular: await readInputFile(join(found, FONT_FILES.regular)), bold: await readInputFile(join(found, FONT_FILES.bold)) };
}

/** The subject's common name: what a missing signature image is replaced by. */
function commonNameOf(certificateDer: Uint8Array): string | undefined {
  try {
    return /^CN=(.+)$/m.exec(new X509Certificate(certificateDer).subject)?.[1]?.trim();
  } catch {
    return undefined;
  }
}

/** Everything a visible signature draws, read once for the whole batch. */
async function loadAppearance(args: SignArguments, signer: CmsSigner): Promise<AppearanceOptions | undefined> {
  if (args.profile === "invisible") return undefined;
  const signerName = commonNameOf(signer.certificateDer);
  return {
    profile: args.profile,
    fonts: await loadFonts(),
    ...(args.signerImagePath ? { signerImagePng: await readInputFile(args.signerImagePath) } : {}),
    ...(args.sealImagePath ? { sealImagePng: await readInputFile(args.sealImagePath) } : {}),
    ...(signerName ? { signerName } : {}),
    ...(args.organisation ? { organisation: args.organisation } : {}),
    ...(args.documentNumber ? { documentNumber: args.documentNumber } : {}),
    ...(args.stampText ? { stampText: args.stampText } : {}),
  };
}

/** `kyso sign`: one key load for the whole batch, progress on stderr, a summary at the end. */
export const signCommand: CliCommand = {
  name: "sign",
  summary: { vi: "ký số tệp PDF (PAdES)", en: "sign PDF files (PAdES)" },
  usage: SIGN_USAGE,
  async run(context) {
    const args = await withDefaultKey(parseSignArguments(context.args), context);
    const interrupt = cancelOnInterrupt(context);
    try {
      return await signDocuments(args, context, interrupt.signal);
    } finally {
      interrupt.dispose();
    }
  },
};

/** Loads the key once, signs every input with it, reports; Ctrl-C (signal) cancels what is left. */
async function signDocuments(args: SignArguments, context: CliContext, signal: AbortSignal): Promise<number> {
  const { openCliAudit } = await import("../cli-audit.js");
  const { SignAuditTrail } = await import("./sign-audit.js");
  const audit = await openCliAudit(context);
  let signer: OpenedKey;
  try {
    signer = await loadSigner(args, context, signal);
  } catch (error) {
    await SignAuditTrail.keyFailed(audit, args.inputs, error);
    throw error;
  }
  try {
    const trail = new SignAuditTrail(audit, new X509Certificate(signer.certificateDer));
    const results = await signEach({ args, context, signer, signal, trail });
    await trail.recordNotStarted(results);
    reportBatch(results, { context, json: args.json, summary: SIGNED_SUMMARY });
    if (signal.aborted) return INTERRUPTED_EXIT_CODE;
    return results.every((r) => r.ok) ? 0 : 1;
  } finally {
    // Logout / end of the remote authorisation also when a bug stops the batch.
    await signer.close();
  }
}

async function signEach(batch: { args: SignArguments; context: CliContext; signer: OpenedKey; signal: AbortSignal; trail: SignAuditTrail }): Promise<DocumentResult[]> {
  const { args, context, signer, signal, trail } = batch;
  const appearance = await loadAppearance(args, signer);
  const { signPdfFile } = await import("../../pdf-files/sign-pdf-file.js");
  const { tsaHttpTransport } = await import("../../network/tsa-http-transport.js");
  const timestamp = args.level !== "B-B" && args.tsaUrl ? tsaHttpTransport({ url: args.tsaUrl }) : undefined;
  const longTerm = await longTermOptions(args);
  // One password for the batch, as one key login: the documents of one batch usually share it.
  const password = args.pdfPasswordEnv === undefined ? undefined : await readSecret({ kind: "env", name: args.pdfPasswordEnv }, process.env, process.stdin);
  return runDocumentBatch({
    inputs: args.inputs, output: args.output, context, json: args.json, signal,
    processDocument: trail.around(async ({ input, output }) => {
      const signed = await signPdfFile({
        inputPath: input, outputPath: output, signer, signingTime: new Date(), overwrite: args.overwrite,
        placement: { ...(args.pageIndex === undefined ? {} : { pageIndex: args.pageIndex }), ...(args.rect ? { rect: args.rect } : {}) },
        ...(appearance ? { appearance } : {}),
        ...(timestamp ? { timestamp } : {}),
        ...(longTerm ? { longTerm } : {}),
        ...(args.certify === undefined ? {} : { certify: args.certify }),
        ...optional(args),
        ...(password === undefined ? {} : { password }),
      });
      return { field: signed.fieldName, level: signed.level, digests: signed.digests };
    }),
  });
}

/** B-LT/B-LTA: validation data fetched over HTTP from the certificates' AIA and CDP. */
async function longTermOptions(args: SignArguments): Promise<SignPdfFileOptions["longTerm"]> {
  if (args.level !== "B-LT" && args.level !== "B-LTA") return undefined;
  const { validationDataHttpTransport } = await import("../../network/validation-data-http-transport.js");
  return { level: args.level, validationData: validationDataHttpTransport() };
}

function optional(args: SignArguments): { fieldName?: string; reason?: string; location?: string; contactInfo?: string; lock?: FieldLock } {
  return {
    ...(args.lock ? { lock: args.lock } : {}),
    ...(args.fieldName ? { fieldName: args.fieldName } : {}),
    ...(args.reason ? { reason: args.reason } : {}),
    ...(args.location ? { location: args.location } : {}),
    ...(args.contactInfo ? { contactInfo: args.contactInfo } : {}),
  };
}
