/**
 * Capped exponential backoff with jitter for 4xx replies and network failures (RFC 5321
 * §4.5.4.1 asks clients to wait and retry, not to hammer). After maxAttempts the message is
 * "failed" and waits for the user.
 */
export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 5_000, maxDelayMs: 10 * 60_000, maxAttempts: 12 };

/** Delay before attempt `attempts + 1`, given that `attempts` have failed (≥ 1). */
export function retryDelayMs(policy: RetryPolicy, attempts: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.baseDelayMs * 2 ** Math.max(0, attempts - 1), policy.maxDelayMs);
  // ±20 %, so that many clients of one agency do not retry in lockstep.
  return Math.round(exponential * (0.8 + 0.4 * random()));
}
