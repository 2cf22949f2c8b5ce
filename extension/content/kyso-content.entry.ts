import { loadSettings, portalFor } from "../background/policy-settings.js";
import { BackgroundLink } from "./background-link.js";
import { bridgePageMessages } from "./page-bridge.js";
import { DEFAULT_PDF_SELECTORS, showPdfButtons } from "./pdf-buttons.js";

/**
 * Content script on allowed portals (registered at run time for the policy's origins only):
 * the page API bridge from document_start, the PDF buttons once the page has a body. The
 * background checks the origin again on every request; this script decides nothing alone.
 */
const link = new BackgroundLink();
bridgePageMessages(link);

async function startButtons(): Promise<void> {
  const { settings } = await loadSettings();
  const portal = portalFor(settings, window.location.origin);
  if (!portal) return;
  showPdfButtons({ link, selectors: portal.pdfSelectors.length > 0 ? portal.pdfSelectors : DEFAULT_PDF_SELECTORS });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => void startButtons(), { once: true });
else void startButtons();
