import type { LegacyCallContext } from "./legacy-call.js";
import { runLegacySign } from "./legacy-call.js";
import { LEGACY_MESSAGES } from "./legacy-messages.js";
import { socketActionOf } from "./legacy-methods.js";
import { LEGACY_STATUS_FAILED, LEGACY_STATUS_OK } from "./legacy-result.js";
import { runLegacyVerify } from "./legacy-verify.js";

/** Named by the page API's version(): the old service answered GetVersion with its own name. */
export const LEGACY_SERVICE_NAME = "kyso";

/**
 * The one JSON string kyso answers on a legacy WebSocket after the page's plugin script sent
 * its JSON string to `wss://127.0.0.1:8987/<method>`. Never throws.
 */
export async function answerLegacySocket(method: string, message: string, context: LegacyCallContext): Promise<string> {
  const action = socketActionOf(method);
  switch (action?.kind) {
    case "sign":
      return runLegacySign(action.profile, message, context);
    case "verify":
      return runLegacyVerify(message, context);
    case "version":
      return JSON.stringify({ Status: LEGACY_STATUS_OK, Message: LEGACY_SERVICE_NAME, Version: LEGACY_SERVICE_NAME });
    case "config":
      return JSON.stringify({ Status: LEGACY_STATUS_OK, Message: LEGACY_MESSAGES.configShown });
    case undefined:
      return JSON.stringify({ Status: LEGACY_STATUS_FAILED, Message: `${LEGACY_MESSAGES.unsupportedMethod} ${method}.`, ErrorCode: "UNKNOWN_METHOD" });
  }
}
