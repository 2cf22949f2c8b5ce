import type { HashAlgorithm } from "../../shared/cms/algorithms.js";
import type { IncrementalHasher } from "../../shared/cms/incremental-hasher.js";
import type { ByteSource } from "../../shared/pdf/byte-source.js";
import { nodeHasherFactory } from "./node-hasher.js";

/** What the fallback reads at a time. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/** SHA-256 (hex) of the input as read and of the file written (the input plus the update), for the audit log. */
export interface UpdatedFileDigests {
  inputSha256: string;
  outputSha256: string;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/**
 * The SHA-256 of an input file and of the file signing writes from it. A signature's ByteRange
 * hash starts with the whole original, so when the signer hashes with SHA-256 its state after
 * the original's last byte (sign-pdf's onOriginalHashed) is the input's own: hashing a 100 MB
 * file again would add ~70 ms to a 0.5 s signature. Another hash, or no signature pass at all
 * (extension to B-LT), falls back to reading the input once more.
 */
export class UpdatedFileDigest {
  private captured: IncrementalHasher | undefined;

  /** For sign-pdf's onOriginalHashed: keeps the first SHA-256 state, the one after the original file. */
  readonly onOriginalHashed = (hash: HashAlgorithm, state: IncrementalHasher): void => {
    if (hash === "SHA-256" && !this.captured) this.captured = state;
  };

  async digests(source: ByteSource, update: Uint8Array): Promise<UpdatedFileDigests> {
    const state = this.captured ?? (await hashWhole(source));
    const inputSha256 = hex(state.copy().digest());
    state.update(update);
    return { inputSha256, outputSha256: hex(state.digest()) };
  }
}

async function hashWhole(source: ByteSource): Promise<IncrementalHasher> {
  const hasher = nodeHasherFactory("SHA-256");
  for (let offset = 0; offset < source.size; offset += CHUNK_BYTES) hasher.update(await source.read(offset, Math.min(CHUNK_BYTES, source.size - offset)));
  return hasher;
}
