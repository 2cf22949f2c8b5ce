import { extendPdf, type ExtendPdfOptions, type ExtendedPdf } from "../../shared/pades/ltv/extend-pdf.js";
import { openFileByteSource } from "./file-byte-source.js";
import { nodeHasherFactory } from "./node-hasher.js";
import { writeSignedFile } from "./write-signed-file.js";

export interface ExtendPdfFileOptions extends Omit<ExtendPdfOptions, "source" | "createHasher"> {
  inputPath: string;
  outputPath: string;
  overwrite?: boolean;
}

/** Raises a signed file on disk to B-LT/B-LTA: streamed digests, atomic output, the input untouched. */
export async function extendPdfFile(options: ExtendPdfFileOptions): Promise<ExtendedPdf> {
  const { inputPath, outputPath, overwrite, ...extending } = options;
  const source = await openFileByteSource(inputPath);
  try {
    const extended = await extendPdf({ ...extending, source, createHasher: nodeHasherFactory });
    await writeSignedFile({ inputPath, update: extended.update, outputPath, overwrite: overwrite ?? false });
    return extended;
  } finally {
    await source.close();
  }
}
