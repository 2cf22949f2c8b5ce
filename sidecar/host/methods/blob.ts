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
  const bytes = context.services.blobs.bytes(params.blobId);
  const end = Math.min(params.offset + params.length, bytes.length);
  const slice = bytes.subarray(Math.min(params.offset, bytes.length), end);
  return Promise.resolve({ data: slice.toString("base64"), totalBytes: bytes.length, eof: end === bytes.length });
};
