import type { HashAlgorithm } from "../cms/algorithms.js";
import { requestTimestampToken } from "../cms/timestamp.js";

/** How to reach the TSA: the transport is the caller's (sidecar policy, proxies, caps). */
export interface TimestampTransport {
  post: (requestDer: Uint8Array) => Promise<Uint8Array>;
}

/** Tokens of one TSA differ by a few bytes (serial, time, nonce); the probe's size plus this. */
const TIMESTAMP_MARGIN_BYTES = 512;

/** Probed sizes per transport and hash: a batch asks the TSA once, not once per document. */
const probedSizes = new WeakMap<TimestampTransport, Map<HashAlgorithm, number>>();

/**
 * A placeholder must hold the TSA's token, whose size depends on the TSA (its certificate
 * chain, policy, accuracy): ask it once for a token over dummy data and measure. Should a later
 * token outgrow the margin, embedding fails with SIGNATURE_PLACEHOLDER_TOO_SMALL, never a broken file.
 */
export async function probeTimestampTokenSize(options: { timestamp: TimestampTransport; hash: HashAlgorithm }): Promise<number> {
  const sizes = probedSizes.get(options.timestamp) ?? new Map<HashAlgorithm, number>();
  probedSizes.set(options.timestamp, sizes);
  const known = sizes.get(options.hash);
  if (known !== undefined) return known;
  const token = await requestTimestampToken({ data: new Uint8Array(32), hash: options.hash, post: options.timestamp.post });
  const size = token.length + TIMESTAMP_MARGIN_BYTES;
  sizes.set(options.hash, size);
  return size;
}
