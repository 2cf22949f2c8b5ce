import { reportBatch, runDocumentBatch, type BatchSummary } from "../document-batch.js";
import type { CliCommand } from "../cli-io.js";
import { parseExtendArguments } from "./extend-arguments.js";
import { EXTEND_USAGE } from "./extend-usage.js";
import { readSecret } from "../sign/read-secret.js";

const EXTENDED_SUMMARY: BatchSummary = {
  vi: (done, total) => `Đã bổ sung dữ liệu kiểm tra dài hạn cho ${done}/${total} tệp.`,
  en: (done, total) => `Added long-term validation data to ${done} of ${total} files.`,
};

/**
 * `kyso extend`: raises already-signed files to PAdES B-LT (DSS with certificates and
 * revocation data) or B-LTA (plus a document timestamp), each as an incremental update that
 * keeps every earlier signature valid. Typically run before archiving, and again before the
 * last timestamp's certificate expires.
 */
export const extendCommand: CliCommand = {
  name: "extend",
  summary: { vi: "bổ sung dữ liệu kiểm tra dài hạn cho tệp đã ký (B-LT, B-LTA)", en: "add long-term validation data to signed files (B-LT, B-LTA)" },
  usage: EXTEND_USAGE,
  async run(context) {
    const args = parseExtendArguments(context.args);
    const { extendPdfFile } = await import("../../pdf-files/extend-pdf-file.js");
    const { tsaHttpTransport } = await import("../../network/tsa-http-transport.js");
    const { validationDataHttpTransport } = await import("../../network/validation-data-http-transport.js");
    const timestamp = args.tsaUrl ? tsaHttpTransport({ url: args.tsaUrl }) : undefined;
    const validationData = validationDataHttpTransport();
    const password = args.pdfPasswordEnv === undefined ? undefined : await readSecret({ kind: "env", name: args.pdfPasswordEnv }, process.env, process.stdin);
    const results = await runDocumentBatch({
      inputs: args.inputs, output: args.output, context, json: args.json,
      processDocument: async ({ input, output }) => {
        await extendPdfFile({
          inputPath: input, outputPath: output, level: args.level, validationData, overwrite: args.overwrite,
          ...(timestamp ? { timestamp } : {}),
          ...(args.hash ? { hash: args.hash } : {}),
          ...(password === undefined ? {} : { password }),
        });
        return { level: args.level };
      },
    });
    reportBatch(results, { context, json: args.json, summary: EXTENDED_SUMMARY });
    return results.every((r) => r.ok) ? 0 : 1;
  },
};
