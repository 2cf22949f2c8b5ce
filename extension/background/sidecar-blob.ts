import { concatBytes } from "../../shared/cms/der.js";
import { base64ToBytes } from "../../shared/protocol/base64-codec.js";
import { BLOB_CHUNK_MAX_BYTES } from "../../shared/protocol/message-limits.js";
import type { SidecarConnection } from "./sidecar-connection.js";

/**
 * A blob the host holds (a CRL it fetched, a mail attachment it downloaded), read with blob.get
 * in chunks: one host answer must stay under the browser's 1 MiB cap (ARCHITECTURE.md), so a
 * document never travels in one message.
 */
export async function readSidecarBlob(sidecar: Pick<SidecarConnection, "request">, blobId: string, signal: AbortSignal): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (;;) {
    const chunk = await sidecar.request("blob.get", { blobId, offset, length: BLOB_CHUNK_MAX_BYTES }, { signal });
    const bytes = base64ToBytes(chunk.data);
    parts.push(bytes);
    offset += bytes.length;
    if (chunk.eof || bytes.length === 0) break;
  }
  return concatBytes(parts);
}
