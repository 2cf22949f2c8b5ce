import { createHash, randomBytes } from "node:crypto";
import { KysoError } from "../../shared/protocol/kyso-error.js";

interface Blob {
  parts: Buffer[];
  joined?: Buffer;
  receivedBytes: number;
  totalBytes: number;
  /** When a chunk last went in or out (the store's clock). */
  usedAt: number;
}

/** What one port may hold at once; a document is at most BLOB_MAX_BYTES. */
const STORE_MAX_BYTES = 1024 * 1024 * 1024;
/** A blob nobody has read or written for this long was abandoned (a popup closed mid-read, a compose window closed before sending). */
export const BLOB_IDLE_MS = 10 * 60 * 1000;

/**
 * Blobs of one port, in memory: documents arriving in blob.put chunks and results (signed
 * files, CRLs, mail attachments) leaving in blob.get chunks. They die with the port; nothing
 * touches the disk. The port lives as long as the browser, so blobs must not pile up: one
 * leaving is dropped once its last chunk has been read, one arriving once the method that
 * named it has used it (mail.send), and any blob idle for BLOB_IDLE_MS when a new one is made.
 */
export class BlobStore {
  private readonly blobs = new Map<string, Blob>();
  private heldBytes = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  create(totalBytes: number): string {
    this.dropIdle();
    if (this.heldBytes + totalBytes > STORE_MAX_BYTES) throw new KysoError("MESSAGE_TOO_LARGE", `the sidecar already holds ${this.heldBytes} bytes`);
    const blobId = randomBytes(12).toString("base64url");
    this.blobs.set(blobId, { parts: [], receivedBytes: 0, totalBytes, usedAt: this.now() });
    this.heldBytes += totalBytes;
    return blobId;
  }

  /** How many bytes the store holds now (for tests and the doctor). */
  get size(): { blobs: number; bytes: number } {
    return { blobs: this.blobs.size, bytes: this.heldBytes };
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
    blob.usedAt = this.now();
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
    blob.usedAt = this.now();
    return blob.joined;
  }

  /** One chunk for blob.get; the blob is dropped once its last byte has been handed out. */
  read(blobId: string, offset: number, length: number): { bytes: Buffer; totalBytes: number; eof: boolean } {
    const whole = this.bytes(blobId);
    const end = Math.min(offset + length, whole.length);
    const eof = end === whole.length;
    if (eof) this.delete(blobId);
    return { bytes: whole.subarray(Math.min(offset, whole.length), end), totalBytes: whole.length, eof };
  }

  delete(blobId: string): void {
    const blob = this.blobs.get(blobId);
    if (!blob) return;
    this.heldBytes -= blob.totalBytes;
    this.blobs.delete(blobId);
  }

  private dropIdle(): void {
    const cutoff = this.now() - BLOB_IDLE_MS;
    for (const [blobId, blob] of this.blobs) if (blob.usedAt < cutoff) this.delete(blobId);
  }

  private get(blobId: string): Blob {
    const blob = this.blobs.get(blobId);
    if (!blob) throw new KysoError("BAD_REQUEST", `no blob ${blobId}`);
    return blob;
  }
}
