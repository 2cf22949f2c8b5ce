import type { SignProfile } from "../../../shared/protocol/page-api.js";
import { runLegacySign, type LegacyCallContext } from "./legacy-call.js";
import { LEGACY_BATCH_FUNCTION, LEGACY_BATCH_PROFILE, LEGACY_FUNCTION_PROFILES } from "./legacy-methods.js";
import { answerLegacySocket } from "./legacy-socket-answer.js";

/** Other plugin functions portals call the same way; they map to the plugin's WebSocket method. */
const PLUGIN_FUNCTION_METHODS = { vgca_sign_file: "SignFile", vgca_sign_pdf: "SignPDF", vgca_verify_pdf: "VerifyPDF" } as const;

export const VGCA_FUNCTION_NAMES = [...Object.keys(LEGACY_FUNCTION_PROFILES), LEGACY_BATCH_FUNCTION, ...Object.keys(PLUGIN_FUNCTION_METHODS)];

type LegacyFunction = (prm: unknown, callback?: unknown) => void;

/** `(jsonString, callback)` like the plugin: returns at once, calls back later with one JSON string. */
function legacyFunction(run: (prm: unknown) => Promise<string>): LegacyFunction {
  return (prm, callback) => {
    void run(prm).then((answer) => {
      if (typeof callback === "function") (callback as (answer: string) => void)(answer);
    });
  };
}

/**
 * Defines the plugin's global functions on `target` (the page's window). Plain assignments, so
 * that a portal still loading the CA's own plugin script simply replaces them with its own —
 * whose WebSockets the shim then answers.
 */
export function installVgcaFunctions(target: object, context: LegacyCallContext): void {
  const functions: Record<string, LegacyFunction> = {};
  const sign = (profile: SignProfile) => legacyFunction((prm) => runLegacySign(profile, prm, context));
  for (const [name, profile] of Object.entries(LEGACY_FUNCTION_PROFILES)) functions[name] = sign(profile);
  functions[LEGACY_BATCH_FUNCTION] = sign(LEGACY_BATCH_PROFILE);
  for (const [name, method] of Object.entries(PLUGIN_FUNCTION_METHODS)) {
    functions[name] = legacyFunction((prm) => answerLegacySocket(method, typeof prm === "string" ? prm : JSON.stringify(prm), context));
  }
  Object.assign(target, functions);
}
