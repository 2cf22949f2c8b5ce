import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { errorMessage } from "../../../shared/protocol/error-messages.js";
import type { CmsSigner } from "../../../shared/cms/cms-signer.js";
import type { CliCommand, CliContext } from "../cli-io.js";
import { parseSignArguments, type SignArguments } from "./sign-arguments.js";
import { readSecret } from "./read-secret.js";

interface DocumentResult {
  input: string;
  output: string;
  ok: boolean;
  field?: string;
  level?: string;
  error?: { code: string; message: string };
}

async function loadSigner(args: SignArguments): Promise<CmsSigner> {
  // Loaded on demand: `kyso --version` must not pay for the key and PDF code.
  const { loadPkcs12Signer } = await import("../../keys/pkcs12-signer.js");
  const password = await readSecret(args.secret, process.env, process.stdin);
  let p12: Uint8Array;
  try {
    p12 = new Uint8Array(await readFile(args.keyPath));
  } catch (error) {
    throw new KysoError((error as NodeJS.ErrnoException).code === "ENOENT" ? "FILE_NOT_FOUND" : "FILE_UNREADABLE", args.keyPath, { cause: error });
  }
  return loadPkcs12Signer({ p12, password });
}

/** `kyso sign`: one key load for the whole batch, progress on stderr, a summary at the end. */
export const signCommand: CliCommand = {
  name: "sign",
  summary: { vi: "ký số tệp PDF (PAdES)", en: "sign PDF files (PAdES)" },
  async run(context) {
    const args = parseSignArguments(context.args);
    const signer = await loadSigner(args);
    const { signPdfFile } = await import("../../pdf-files/sign-pdf-file.js");
    const { tsaHttpTransport } = await import("../../network/tsa-http-transport.js");
    const timestamp = args.level === "B-T" && args.tsaUrl ? tsaHttpTransport({ url: args.tsaUrl }) : undefined;
    const results: DocumentResult[] = [];
    for (const [index, input] of args.inputs.entries()) {
      const output = args.output.kind === "file" ? args.output.path : join(args.output.path, basename(input));
      if (args.inputs.length > 1 && !args.json) context.stderr(`[${index + 1}/${args.inputs.length}] ${input}\n`);
      try {
        const signed = await signPdfFile({
          inputPath: input, outputPath: output, signer, signingTime: new Date(), overwrite: args.overwrite,
          placement: { pageIndex: args.pageIndex, rect: [0, 0, 0, 0] },
          ...(timestamp ? { timestamp } : {}),
          ...optional(args),
        });
        results.push({ input, output, ok: true, field: signed.fieldName, level: signed.level });
      } catch (error) {
        if (!(error instanceof KysoError)) throw error;
        results.push({ input, output, ok: false, error: { code: error.code, message: `${errorMessage(error.code, context.language)}${error.message === error.code ? "" : ` (${error.message})`}` } });
      }
    }
    report(results, { context, json: args.json });
    return results.every((r) => r.ok) ? 0 : 1;
  },
};

function optional(args: SignArguments): { fieldName?: string; reason?: string; location?: string; contactInfo?: string } {
  return {
    ...(args.fieldName ? { fieldName: args.fieldName } : {}),
    ...(args.reason ? { reason: args.reason } : {}),
    ...(args.location ? { location: args.location } : {}),
    ...(args.contactInfo ? { contactInfo: args.contactInfo } : {}),
  };
}

function report(results: DocumentResult[], options: { context: CliContext; json: boolean }): void {
  const { context } = options;
  if (options.json) {
    context.stdout(`${JSON.stringify({ results }, null, 2)}\n`);
    return;
  }
  for (const r of results) {
    if (r.ok) context.stdout(`${r.output}\n`);
    else context.stderr(`kyso: ${r.error!.code}: ${r.input}: ${r.error!.message}\n`);
  }
  if (results.length > 1) {
    const signed = results.filter((r) => r.ok).length;
    context.stderr(context.language === "vi" ? `Đã ký ${signed}/${results.length} tệp.\n` : `Signed ${signed} of ${results.length} files.\n`);
  }
}
