import { parentPort } from "node:worker_threads";
import { PinIncorrectError, translatePkcs11Error } from "./pkcs11-errors.js";
import { TokenModule } from "./token-operations.js";
import type { SerializedError, TokenEnvelope, TokenReply } from "./token-worker-protocol.js";

/**
 * Worker-thread entry: one per PKCS#11 module. PKCS#11 calls are synchronous and a vendor
 * module may block for seconds (PIN pad) or hang; here they block this thread only, never
 * the sidecar's message loop. Requests are served one at a time, in order.
 */

function serialize(thrown: unknown, operation: string): SerializedError {
  // Every binding error becomes a kyso code here, through the one translation table.
  const error = translatePkcs11Error(thrown, operation);
  if (error instanceof PinIncorrectError) return { code: error.code, detail: error.message, pinRetries: error.retries };
  return { code: error.code, detail: error.message };
}

const port = parentPort;
if (!port) throw new Error("token-worker runs only as a worker thread");
const tokenModule = new TokenModule();
port.on("message", (request: TokenEnvelope) => {
  let reply: TokenReply;
  try {
    reply = { id: request.id, ok: true, result: tokenModule.handle(request) };
  } catch (error) {
    reply = { id: request.id, ok: false, error: serialize(error, request.op) };
  }
  port.postMessage(reply);
});
