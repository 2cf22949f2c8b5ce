import type { CmsSigner } from "../../shared/cms/cms-signer.js";
import { signPdf, type SignPdfOptions, type SignedPdfUpdate } from "../../shared/pades/sign-pdf.js";
import { nodeHasherFactory } from "./node-hasher.js";
import type { UpdatedFileDigests } from "./updated-file-digest.js";
import { writeUpdatedFile } from "./write-signed-file.js";

export interface SignPdfFileOptions extends Omit<SignPdfOptions, "source" | "createHasher" | "signer"> {
  inputPath: string;
  outputPath: string;
  signer: CmsSigner;
  overwrite?: boolean;
}

/** Signs a file on disk: streamed digest, atomic output, the input untouched. */
export async function signPdfFile(options: SignPdfFileOptions): Promise<SignedPdfUpdate & { digests: UpdatedFileDigests }> {
  const { inputPath, outputPath, overwrite, ...signing } = options;
  return writeUpdatedFile({
    inputPath, outputPath, ...(overwrite === undefined ? {} : { overwrite }),
    computeUpdate: (source, digest) => signPdf({ ...signing, source, createHasher: nodeHasherFactory, onOriginalHashed: digest.onOriginalHashed }),
  });
}
