import { basename } from "node:path";
import type { Indication } from "../../../shared/verify/verification-result.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { CliCommand } from "../cli-io.js";
import { errorText } from "../error-text.js";
import { writeReportFile } from "./html-report-file.js";
import { parseVerifyArguments } from "./verify-arguments.js";
import { renderVerificationText } from "../../../shared/verify/report-text.js";
import { verificationJson } from "../../../shared/verify/verification-json.js";
import { nodeHasherFactory } from "../../pdf-files/node-hasher.js";

/**
 * Exit codes of `kyso verify` (issue 5): the document indication, or 3 when a file (the PDF or a
 * trust file) cannot be read or the --html report cannot be written. A command line that cannot be understood exits 64 like every
 * other kyso command (sysexits EX_USAGE), so that 3 always means "the file".
 */
const EXIT_CODES: Record<Indication, number> = { TOTAL_PASSED: 0, TOTAL_FAILED: 1, INDETERMINATE: 2 };
const EXIT_UNREADABLE = 3;

/**
 * `kyso verify`: every signature and document timestamp of a PDF — integrity, CMS, trust to
 * the given roots, revocation (embedded, then online unless --offline), timestamps and the
 * changes made after each signature — reported per signature in Vietnamese or English, or JSON.
 */
export const verifyCommand: CliCommand = {
  name: "verify",
  summary: { vi: "kiểm tra chữ ký số của tệp PDF", en: "verify the signatures of a PDF file" },
  async run(context) {
    const args = parseVerifyArguments(context.args);
    const { openFileByteSource, readInputFile } = await import("../../pdf-files/file-byte-source.js");
    const { verifyDocument } = await import("../../../shared/verify/verify-document.js");
    const { validationDataHttpTransport } = await import("../../network/validation-data-http-transport.js");
    let trustAnchorsPem: string[];
    let source;
    try {
      // A trust file that cannot be read is a file error too: exit 1 would claim the signature failed.
      trustAnchorsPem = await Promise.all(args.trustFiles.map(async (file) => new TextDecoder().decode(await readInputFile(file))));
      source = await openFileByteSource(args.input);
    } catch (error) {
      if (!(error instanceof KysoError)) throw error;
      context.stderr(`kyso: ${error.code}: ${errorText(error, context.language)}\n`);
      return EXIT_UNREADABLE;
    }
    try {
      const result = await verifyDocument({ source, trustAnchorsPem, createHasher: nodeHasherFactory, ...(args.offline ? {} : { transport: validationDataHttpTransport() }) });
      if (args.htmlFile !== undefined) {
        const { verificationHtmlDocument } = await import("../../../shared/verify/report-html.js");
        await writeReportFile({ path: args.htmlFile, documentPath: args.input, text: verificationHtmlDocument(result, { language: context.language, fileName: basename(args.input) }) });
      }
      context.stdout(args.json ? `${JSON.stringify(verificationJson(result, { file: args.input }), null, 2)}\n` : renderVerificationText(result, context.language));
      return EXIT_CODES[result.indication];
    } catch (error) {
      if (!(error instanceof KysoError)) throw error;
      context.stderr(`kyso: ${error.code}: ${args.input}: ${errorText(error, context.language)}\n`);
      return EXIT_UNREADABLE;
    } finally {
      await source.close();
    }
  },
};
