import { createHash, randomBytes } from "node:crypto";
import { KysoError } from "../../shared/protocol/kyso-error.js";

interface Blob {
  parts: Buffer[];
  joined?: Buffer;
  receivedBytes: number;
  totalBytes: number;
}

/** What one port may hold at once; a document is at most BLOB_MAX_BYTES. */
const STORE_MAX_BYTES = 1024 * 1024 * 1024;

/**
 * Blobs of one port, in memory: documents arriving in blob.put chunks and results (signed
 * files, CRLs) leaving in blob.get chunks. They die with the port; nothing touches the disk.
 */
export class BlobStore {
  private readonly blobs = new Map<string, Blob>();
  private heldBytes = 0;

  create(totalBytes: number): string {
    if (this.heldBytes + totalBytes > STORE_MAX_BYTES) throw new KysoError("MESSAGE_TOO_LARGE", `the sidecar already holds ${this.heldBytes} bytes`);
    const blobId = randomBytes(12).toString("base64url");
    this.blobs.set(blobId, { parts: [], receivedBytes: 0, totalBytes });
    this.heldBytes += totalBytes;
    return blobId;
  }

  add(bytes: Uint8Array): string {
    const blobId = this.create(bytes.length);
    this.append({ blobId, offset: 0, data: Buffer.from(bytes) });
    return blobId;
  }

  /** Appends a chunk at `offset`, which must be where the previous chunk ended. */
  append(chunk: { blobId: string; offset: number; data: Buffer; sha256?: string }): { receivedBytes: number; complete: boolean } {
    const blob = this.get(chunk.blobId);
    if (chunk.offset !== blob.receivedBytes) throw new KysoError("BAD_REQUEST", `chunk at ${chunk.offset}, expected ${blob.receivedBytes}`);
    if (blob.receivedBytes + chunk.data.length > blob.totalBytes) throw new KysoError("MESSAGE_TOO_LARGE", `blob ${chunk.blobId} is ${blob.totalBytes} bytes`);
    blob.parts.push(chunk.data);
    blob.receivedBytes += chunk.data.length;
    const complete = blob.receivedBytes === blob.totalBytes;
    if (complete) {
      blob.joined = Buffer.concat(blob.parts, blob.totalBytes);
      blob.parts = [];
      if (chunk.sha256 && createHash("sha256").update(blob.joined).digest("hex") !== chunk.sha256) {
        this.delete(chunk.blobId);
        throw new KysoError("BAD_REQUEST", `blob ${chunk.blobId}: SHA-256 does not match`);
      }
    }
    return { receivedBytes: blob.receivedBytes, complete };
  }

  /** The complete blob's bytes. */
  bytes(blobId: string): Buffer {
    const blob = this.get(blobId);
    if (!blob.joined) throw new KysoError("BAD_REQUEST", `blob ${blobId} is incomplete (${blob.receivedBytes} of ${blob.totalBytes} bytes)`);
    return blob.joined;
  }

  delete(blobId: string): void {
    const blob = this.blobs.get(blobId);
    if (!blob) return;
    this.heldBytes -= blob.totalBytes;
    this.blobs.delete(blobId);
  }

  private get(blobId: string): Blob {
    const blob = this.blobs.get(blobId);
    if (!blob) throw new KysoError("BAD_REQUEST", `no blob ${blobId}`);
    return blob;
  }
}
