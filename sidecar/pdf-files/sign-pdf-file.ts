import type { CmsSigner } from "../../shared/cms/cms-signer.js";
import { signPdf, type SignPdfOptions, type SignedPdfUpdate } from "../../shared/pades/sign-pdf.js";
import { openFileByteSource } from "./file-byte-source.js";
import { nodeHasherFactory } from "./node-hasher.js";
import { writeSignedFile } from "./write-signed-file.js";

export interface SignPdfFileOptions extends Omit<SignPdfOptions, "source" | "createHasher" | "signer"> {
  inputPath: string;
  outputPath: string;
  signer: CmsSigner;
  overwrite?: boolean;
}

/** Signs a file on disk: streamed digest, atomic output, the input untouched. */
export async function signPdfFile(options: SignPdfFileOptions): Promise<SignedPdfUpdate> {
  const { inputPath, outputPath, overwrite, ...signing } = options;
  const source = await openFileByteSource(inputPath);
  try {
    const signed = await signPdf({ ...signing, source, createHasher: nodeHasherFactory });
    await writeSignedFile({ inputPath, update: signed.update, outputPath, overwrite: overwrite ?? false });
    return signed;
  } finally {
    await source.close();
  }
}
