import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { TokenEvent } from "../../../shared/protocol/methods/keys.js";
import type { MethodHandler } from "../method-context.js";
import { modulePathsFor } from "./module-choice.js";

/** keys.watch: answers at once, then a `token` event per insertion or removal until cancelled. */
export const keysWatch: MethodHandler<"keys.watch"> = async (params, context) => {
  const modulePath = params.modulePath ?? (await modulePathsFor(context.services.config))[0];
  if (!modulePath) throw new KysoError("PKCS11_MODULE_UNAVAILABLE", "no PKCS#11 module is configured or installed");
  const { watchTokens } = await import("../../keys/pkcs11/token-watch.js");
  const watch = await watchTokens({
    modulePath,
    ...(params.intervalMs === undefined ? {} : { intervalMs: params.intervalMs }),
    onEvent: (event) => {
      const message: TokenEvent = { kind: "token", change: event.kind, token: event.token };
      context.emit(message);
    },
    onError: (error) => context.services.log.warn("keys.watch.error", { code: error.code, detail: error.message }),
  });
  context.holdOpen();
  context.signal.addEventListener("abort", () => void watch.stop(), { once: true });
  return { watching: true, present: watch.current().length };
};
