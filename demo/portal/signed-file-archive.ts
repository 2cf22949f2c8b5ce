import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { memoryByteSource } from "../../shared/pdf/byte-source.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import type { Indication, SubIndication } from "../../shared/verify/verification-result.js";
import { verifyDocument } from "../../shared/verify/verify-document.js";
import type { FetchTransport } from "../../shared/verify/validation-transport.js";
import { nodeHasherFactory } from "../../sidecar/pdf-files/node-hasher.js";
import { looksLikePdf, UploadRefusal, type ReceivedFile } from "./upload-reception.js";

/** One signed file the portal accepted, with what the shared verifier said about it. */
export interface PortalUpload {
  id: string;
  /** The portal document it answers, when the upload URL named one. */
  documentId?: string;
  /** "legacy" = FileUploadHandler (field uploadfile), "page-api" = the window.kyso upload URL. */
  via: "legacy" | "page-api";
  fieldName: string;
  fileName: string;
  sizeBytes: number;
  path: string;
  receivedAt: string;
  account?: string;
  auth: { byCookie: boolean; byBearer: boolean };
  verification: {
    indication: Indication;
    signatures: Array<{ signer: string; organisation?: string; indication: Indication; subIndication?: SubIndication; level?: string }>;
  };
}

export interface ArchiveOptions {
  directory: string;
  trustAnchorsPem: string[];
  /** Online OCSP/CRL; without it only what the file embeds (soft fail: a demo portal). */
  transport?: FetchTransport;
}

type Receipt = Omit<PortalUpload, "id" | "path" | "receivedAt" | "sizeBytes" | "verification" | "fileName">;

/**
 * Keeps signed files: refuses what is not a PDF, not signed, or whose signature the shared
 * verifier (shared/verify, as `kyso verify` runs it) finds TOTAL_FAILED; stores the rest
 * with their verification. INDETERMINATE is kept (e.g. a root the portal was not told to trust).
 */
export class SignedFileArchive {
  readonly #uploads: PortalUpload[] = [];

  constructor(private readonly options: ArchiveOptions) {}

  list(): PortalUpload[] {
    return this.#uploads.map((upload) => structuredClone(upload));
  }

  find(id: string): PortalUpload | undefined {
    return this.#uploads.find((upload) => upload.id === id);
  }

  async accept(file: ReceivedFile, receipt: Receipt): Promise<PortalUpload> {
    if (!looksLikePdf(file.bytes)) throw new UploadRefusal(400, "NOT_PDF", "Tệp tải lên không phải tệp PDF.");
    const verification = await this.#verify(file.bytes);
    if (verification.signatures.length === 0) throw new UploadRefusal(422, "NOT_SIGNED", "Tệp PDF chưa có chữ ký số.");
    if (verification.indication === "TOTAL_FAILED") throw new UploadRefusal(422, "SIGNATURE_INVALID", "Chữ ký số trên tệp không hợp lệ; cổng không lưu tệp này.");
    const id = randomUUID();
    await mkdir(this.options.directory, { recursive: true });
    const path = join(this.options.directory, `${id}.pdf`);
    await writeFile(path, file.bytes);
    const upload: PortalUpload = { ...receipt, id, path, fileName: file.fileName || `${id}.pdf`, sizeBytes: file.bytes.length, receivedAt: new Date().toISOString(), verification };
    this.#uploads.push(upload);
    return structuredClone(upload);
  }

  async #verify(bytes: Uint8Array): Promise<PortalUpload["verification"]> {
    try {
      const result = await verifyDocument({
        source: memoryByteSource(bytes),
        trustAnchorsPem: this.options.trustAnchorsPem,
        createHasher: nodeHasherFactory,
        revocationHardFail: false,
        ...(this.options.transport ? { transport: this.options.transport } : {}),
      });
      return {
        indication: result.indication,
        signatures: result.signatures.map((signature) => ({
          signer: signature.signer?.name ?? "",
          ...(signature.signer?.organisation ? { organisation: signature.signer.organisation } : {}),
          indication: signature.indication,
          ...(signature.subIndication ? { subIndication: signature.subIndication } : {}),
          ...(signature.level ? { level: signature.level } : {}),
        })),
      };
    } catch (error) {
      if (error instanceof KysoError) throw new UploadRefusal(400, "NOT_PDF", `Không đọc được tệp PDF (${error.code}).`);
      throw error;
    }
  }
}
