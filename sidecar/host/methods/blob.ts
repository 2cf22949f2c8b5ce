import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { MethodHandler } from "../method-context.js";

export const blobPut: MethodHandler<"blob.put"> = (params, context) => {
  const { blobs } = context.services;
  const data = Buffer.from(params.data, "base64");
  const blobId = params.blobId ?? (params.offset === 0 ? blobs.create(params.totalBytes) : undefined);
  if (!blobId) return Promise.reject(new KysoError("BAD_REQUEST", "a chunk after the first names its blobId"));
  const progress = blobs.append({ blobId, offset: params.offset, data, ...(params.sha256 ? { sha256: params.sha256 } : {}) });
  return Promise.resolve({ blobId, ...progress });
};

export const blobGet: MethodHandler<"blob.get"> = (params, context) => {
  const chunk = context.services.blobs.read(params.blobId, params.offset, params.length);
  return Promise.resolve({ data: chunk.bytes.toString("base64"), totalBytes: chunk.totalBytes, eof: chunk.eof });
};
