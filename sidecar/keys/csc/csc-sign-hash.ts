import { setTimeout as sleep } from "node:timers/promises";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { CscSignAlgorithm } from "./csc-algorithms.js";
import type { Sad } from "./csc-authorization.js";
import type { CscClient } from "./csc-client.js";
import { readAnswer, responseIdSchema, signaturesSchema } from "./csc-messages.js";

const DEFAULT_POLL_INTERVAL_MS = 1_000;
/** How long an asynchronous signature may take before kyso stops polling. */
const ASYNC_SIGNING_TIMEOUT_MS = 120_000;

function signaturesFrom(body: unknown, method: string, count: number): Uint8Array[] {
  const { signatures } = readAnswer(signaturesSchema, body, method);
  if (signatures.length !== count) throw new KysoError("REMOTE_SIGNING_FAILED", `CSC ${method}: ${signatures.length} signatures for ${count} hashes`);
  return signatures.map((value) => new Uint8Array(Buffer.from(value, "base64")));
}

/**
 * signatures/signHash for raw digests, answered in the order given. Where the service offers
 * the asynchronous mode (info asynchronousOperationMode and signatures/signPolling), kyso asks
 * for it (operationMode "A") and polls signPolling with the responseID until the signatures
 * are ready (HTTP 202 "accepted_request" meanwhile), so no HTTP request waits on an HSM queue.
 */
export async function signHashes(client: CscClient, request: { credentialId: string; sad: Sad; hashes: Uint8Array[]; algorithm: CscSignAlgorithm; signal?: AbortSignal }): Promise<Uint8Array[]> {
  const asynchronous = client.info.asynchronousOperationMode === true && client.supports("signatures/signPolling");
  const answer = await client.call("signatures/signHash", {
    credentialID: request.credentialId,
    SAD: request.sad.value,
    hashes: request.hashes.map((hash) => Buffer.from(hash).toString("base64")),
    ...request.algorithm,
    ...(asynchronous ? { operationMode: "A" } : {}),
  });
  if (!asynchronous) return signaturesFrom(answer.body, "signatures/signHash", request.hashes.length);

  const { responseID } = readAnswer(responseIdSchema, answer.body, "signatures/signHash");
  const deadline = Date.now() + ASYNC_SIGNING_TIMEOUT_MS;
  for (;;) {
    try {
      await sleep(client.settings.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, undefined, request.signal ? { signal: request.signal } : {});
    } catch (error) {
      throw new KysoError("CANCELLED", "waiting for the remote signatures was cancelled", { cause: error });
    }
    const polled = await client.call("signatures/signPolling", { requestID: responseID });
    if (polled.status === 200) return signaturesFrom(polled.body, "signatures/signPolling", request.hashes.length);
    if (Date.now() >= deadline) throw new KysoError("TIMEOUT", "the remote service did not finish the signatures in time");
  }
}
