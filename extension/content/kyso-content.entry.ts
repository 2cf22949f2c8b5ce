import { BackgroundLink } from "./background-link.js";
import { postLegacyConfig } from "./legacy-config.js";
import { bridgePageMessages } from "./page-bridge.js";
import { DEFAULT_PDF_SELECTORS, showPdfButtons } from "./pdf-buttons.js";
import { portalPolicyFromBackground } from "./portal-policy-request.js";

/**
 * Content script on allowed portals (registered at run time for the policy's origins only):
 * the page API bridge from document_start, the PDF buttons once the page has a body. The
 * background checks the origin again on every request; this script decides nothing alone.
 */
const link = new BackgroundLink();
bridgePageMessages(link);

// Asked once at document_start: the legacy endpoint list must reach the page before its plugin script opens sockets.
const portalPolicy = portalPolicyFromBackground(link);
void portalPolicy.then((portal) => portal && postLegacyConfig(portal));

async function startButtons(): Promise<void> {
  const portal = await portalPolicy;
  if (!portal) return;
  showPdfButtons({ link, selectors: portal.pdfSelectors.length > 0 ? portal.pdfSelectors : DEFAULT_PDF_SELECTORS });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => void startButtons(), { once: true });
else void startButtons();
