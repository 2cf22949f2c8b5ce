import type { IncomingMessage } from "node:http";

/** Why the portal refused an upload: an HTTP status, a code for programs and a Vietnamese message for people. */
export class UploadRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: "NOT_MULTIPART" | "FIELD_MISSING" | "TOO_LARGE" | "NOT_PDF" | "NOT_SIGNED" | "SIGNATURE_INVALID" | "UNAUTHENTICATED" | "UNKNOWN_DOCUMENT",
    message: string,
  ) {
    super(message);
    this.name = "UploadRefusal";
  }
}

export interface ReceivedFile {
  fileName: string;
  bytes: Uint8Array;
}

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MB`;

function tooLarge(maxBytes: number): UploadRefusal {
  return new UploadRefusal(413, "TOO_LARGE", `Tệp tải lên vượt quá giới hạn ${megabytes(maxBytes)}.`);
}

/**
 * The request body, at most `maxBytes`. A Content-Length over the limit is refused before
 * reading; a chunked body is drained past the limit (not kept) so the client can read the answer.
 */
export async function readLimitedBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers["content-length"] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    request.resume();
    throw tooLarge(maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  if (size > maxBytes) throw tooLarge(maxBytes);
  return Buffer.concat(chunks);
}

/**
 * The file in multipart field `fieldName` (RFC 7578), parsed by Node's own fetch Request
 * (undici) rather than by hand.
 */
export async function multipartFile(contentType: string | undefined, body: Buffer, fieldName: string): Promise<ReceivedFile> {
  if (!contentType?.toLowerCase().startsWith("multipart/form-data")) {
    throw new UploadRefusal(400, "NOT_MULTIPART", "Yêu cầu tải lên phải là multipart/form-data.");
  }
  let form: FormData;
  try {
    form = await new Request("http://portal.invalid/", { method: "POST", headers: { "content-type": contentType }, body: new Uint8Array(body) }).formData();
  } catch {
    throw new UploadRefusal(400, "NOT_MULTIPART", "Không đọc được nội dung multipart/form-data.");
  }
  const entry = form.get(fieldName);
  if (entry === null || typeof entry === "string") {
    throw new UploadRefusal(400, "FIELD_MISSING", `Thiếu tệp trong trường "${fieldName}".`);
  }
  return { fileName: entry.name, bytes: new Uint8Array(await entry.arrayBuffer()) };
}

/** `%PDF-` within the first 1024 bytes (ISO 32000-2 §7.5.2 lets junk precede the header). */
export function looksLikePdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 1024)).includes("%PDF-");
}
