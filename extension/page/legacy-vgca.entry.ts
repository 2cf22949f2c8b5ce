/**
 * Legacy plugin compatibility (issue 7), MAIN world, document_start, only on portals whose
 * policy entry has `legacyApi: true` (the background registers this script next to the page
 * API). Portals keep their code: (a) `vgca_sign_*(jsonString, callback)` exist and sign with
 * kyso; (b) a page that loads the CA's own plugin script gets its WebSockets to the local
 * service answered here, inside the page. Every signature still goes through kyso's
 * confirmation window: this script can only ask, like the page itself.
 */
import type { LegacyCallContext, LegacyPageApi } from "./legacy/legacy-call.js";
import { DEFAULT_LEGACY_ENDPOINTS, legacyEndpointsFromFrame, legacySocketRoute } from "./legacy/legacy-endpoints.js";
import { installWebSocketShim } from "./legacy/legacy-socket.js";
import { answerLegacySocket } from "./legacy/legacy-socket-answer.js";
import { pickLocalPdf } from "./legacy/local-pdf-picker.js";
import { installVgcaFunctions } from "./legacy/vgca-functions.js";

let endpoints: readonly string[] = DEFAULT_LEGACY_ENDPOINTS;

const context: LegacyCallContext = {
  pageApi: () => (window as unknown as { kyso?: LegacyPageApi }).kyso,
  baseUrl: () => document.baseURI,
  pickLocalPdf: () => pickLocalPdf(document),
};

installVgcaFunctions(window, context);
installWebSocketShim(
  window,
  (url) => legacySocketRoute(url, endpoints, document.baseURI),
  (method, message) => answerLegacySocket(method, message, context),
);

// The policy's endpoint list, posted by kyso's content script. A page posting it itself only
// changes which of its own sockets kyso answers — and each answer still needs the user's confirmation.
window.addEventListener("message", (event) => {
  if (event.source !== window) return;
  const configured = legacyEndpointsFromFrame(event.data);
  if (configured) endpoints = configured;
});
