import { extendPdf, type ExtendPdfOptions, type ExtendedPdf } from "../../shared/pades/ltv/extend-pdf.js";
import { nodeHasherFactory } from "./node-hasher.js";
import { writeUpdatedFile } from "./write-signed-file.js";

export interface ExtendPdfFileOptions extends Omit<ExtendPdfOptions, "source" | "createHasher"> {
  inputPath: string;
  outputPath: string;
  overwrite?: boolean;
}

/** Raises a signed file on disk to B-LT/B-LTA: streamed digests, atomic output, the input untouched. */
export async function extendPdfFile(options: ExtendPdfFileOptions): Promise<ExtendedPdf> {
  const { inputPath, outputPath, overwrite, ...extending } = options;
  return writeUpdatedFile({
    inputPath, outputPath, ...(overwrite === undefined ? {} : { overwrite }),
    computeUpdate: (source) => extendPdf({ ...extending, source, createHasher: nodeHasherFactory }),
  });
}
