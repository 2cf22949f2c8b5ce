import type { HashAlgorithm } from "../cms/algorithms.js";
import { requestTimestampToken } from "../cms/timestamp.js";

/** How to reach the TSA: the transport is the caller's (sidecar policy, proxies, caps). */
export interface TimestampTransport {
  post: (requestDer: Uint8Array) => Promise<Uint8Array>;
}

/** Tokens of one TSA differ by a few bytes (serial, time, nonce); the probe's size plus this. */
const TIMESTAMP_MARGIN_BYTES = 512;

/**
 * A placeholder must hold the TSA's token, whose size depends on the TSA (its certificate
 * chain, policy, accuracy): ask it once for a token over dummy data and measure.
 */
export async function probeTimestampTokenSize(options: { timestamp: TimestampTransport; hash: HashAlgorithm }): Promise<number> {
  const token = await requestTimestampToken({ data: new Uint8Array(32), hash: options.hash, post: options.timestamp.post });
  return token.length + TIMESTAMP_MARGIN_BYTES;
}
