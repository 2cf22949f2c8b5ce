import * as z from "zod/mini";
import { BLOB_CHUNK_MAX_BYTES, BLOB_MAX_BYTES } from "../message-limits.js";
import { base64Bytes, sha256HexSchema } from "../wire-bytes.js";

const blobIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/));
const offsetSchema = z.number().check(z.int(), z.nonnegative(), z.lte(BLOB_MAX_BYTES));

/**
 * `blob.put`: one chunk of a large payload (a document, a mail attachment). The first chunk
 * omits `blobId` and states `totalBytes`; the host answers with the id, and later chunks name
 * it. Chunks arrive in order (`offset` must equal the bytes received so far); the last one
 * may carry the whole blob's SHA-256, checked before the blob is usable.
 */
export const blobPutParamsSchema = z.object({
  blobId: z.optional(blobIdSchema),
  totalBytes: z.number().check(z.int(), z.nonnegative(), z.lte(BLOB_MAX_BYTES)),
  offset: offsetSchema,
  data: base64Bytes(BLOB_CHUNK_MAX_BYTES),
  sha256: z.optional(sha256HexSchema),
});

export const blobPutResultSchema = z.object({ blobId: blobIdSchema, receivedBytes: offsetSchema, complete: z.boolean() });

/**
 * `blob.get`: one chunk of a blob the host holds (a signed document, a CRL, a mail attachment).
 * Read-once: the host drops the blob after the chunk that answers `eof: true`. A blob that
 * arrived by blob.put is dropped by the method that uses it (mail.send); any blob left unused
 * for ten minutes is dropped too.
 */
export const blobGetParamsSchema = z.object({
  blobId: blobIdSchema,
  offset: offsetSchema,
  length: z.number().check(z.int(), z.positive(), z.lte(BLOB_CHUNK_MAX_BYTES)),
});

export const blobGetResultSchema = z.object({ data: base64Bytes(BLOB_CHUNK_MAX_BYTES), totalBytes: offsetSchema, eof: z.boolean() });

export type BlobPutParams = z.infer<typeof blobPutParamsSchema>;
export type BlobPutResult = z.infer<typeof blobPutResultSchema>;
export type BlobGetParams = z.infer<typeof blobGetParamsSchema>;
export type BlobGetResult = z.infer<typeof blobGetResultSchema>;
