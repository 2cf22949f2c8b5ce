import browser from "webextension-polyfill";
import { base64ToBytes } from "../../shared/protocol/base64-codec.js";
import { documentNameFromUrl } from "../../shared/protocol/document-name.js";
import type { PortToContent } from "../../shared/protocol/page-api.js";
import { BackgroundLink } from "./background-link.js";

/** PDFs on a page as portals show them: links to .pdf, and PDF embeds, objects and frames. */
export const DEFAULT_PDF_SELECTORS = [
  'a[href$=".pdf" i]',
  'a[href*=".pdf?" i]',
  'embed[type="application/pdf"]',
  'object[type="application/pdf"]',
  'iframe[src$=".pdf" i]',
  'embed[src$=".pdf" i]',
];

const marked = new WeakSet<Element>();
const RESCAN_DELAY_MS = 300;

/** The PDF's address as the element names it, resolved against the page. */
function pdfUrlOf(element: Element): string | undefined {
  const raw = element.getAttribute("href") ?? element.getAttribute("src") ?? element.getAttribute("data");
  if (!raw) return undefined;
  try {
    const url = new URL(raw, document.baseURI);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const nameOf = (url: string): string => documentNameFromUrl(new URL(url), "document.pdf");

function saveSigned(result: unknown, name: string): void {
  const first = (result as { results?: Array<{ ok?: boolean; signed?: unknown }> } | null)?.results?.[0];
  if (!first?.ok || typeof first.signed !== "string") return;
  const url = URL.createObjectURL(new Blob([base64ToBytes(first.signed) as BlobPart], { type: "application/pdf" }));
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = name.replace(/\.pdf$/i, "") + "_da-ky.pdf";
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Two small buttons next to each PDF, in a shadow root so the portal's CSS cannot restyle
 * them (open: closing it would protect nothing, the page can call window.kyso itself, and
 * automation can reach the buttons): "Ký số" starts the signing flow with the policy's default profile
 * (the trusted confirmation window shows what will be signed), "Gửi thư" asks for the mail
 * window. Requests go through the same background port as the page API.
 */
function addButtons(element: Element, link: BackgroundLink, answers: Map<string, (message: PortToContent) => void>): void {
  const url = pdfUrlOf(element);
  if (!url) return;
  marked.add(element);
  const host = document.createElement("span");
  host.dataset.kysoPdfButtons = "";
  const shadow = host.attachShadow({ mode: "open" });
  const style = document.createElement("style");
  style.textContent = `button{font:12px/1.4 system-ui,sans-serif;margin-left:4px;padding:1px 8px;border:1px solid #b00;border-radius:3px;background:#fff;color:#b00;cursor:pointer}
button:disabled{opacity:.6;cursor:wait} span{font:12px system-ui,sans-serif;margin-left:6px}`;
  const status = document.createElement("span");
  const button = (label: string, title: string, method: "sign-link" | "mail-link") => {
    const element = document.createElement("button");
    element.type = "button";
    element.textContent = browser.i18n.getMessage(label);
    element.title = browser.i18n.getMessage(title);
    element.dataset.kysoAction = method;
    element.addEventListener("click", (event) => {
      event.preventDefault();
      event.stopPropagation();
      const id = BackgroundLink.ownId();
      element.disabled = true;
      status.textContent = browser.i18n.getMessage("content_working");
      answers.set(id, (message) => {
        if (message.type !== "response") return;
        answers.delete(id);
        element.disabled = false;
        status.textContent = message.ok ? browser.i18n.getMessage(method === "sign-link" ? "content_signedDone" : "content_mailDone") : message.error.message;
        if (message.ok && method === "sign-link") saveSigned(message.result, nameOf(url));
      });
      link.send({ type: "request", id, method, params: { url, name: nameOf(url) } });
    });
    return element;
  };
  shadow.append(style, button("content_signButton", "content_signButtonTitle", "sign-link"), button("content_mailButton", "content_mailButtonTitle", "mail-link"), status);
  element.insertAdjacentElement("afterend", host);
}

export function showPdfButtons(options: { link: BackgroundLink; selectors: string[] }): void {
  const answers = new Map<string, (message: PortToContent) => void>();
  options.link.onMessage((message) => answers.get(message.id)?.(message));
  const selector = options.selectors.filter((entry) => entry.trim() !== "").join(",");
  const scan = () => {
    let found: NodeListOf<Element>;
    try {
      found = document.querySelectorAll(selector);
    } catch {
      return; // A policy selector that is not valid CSS: no buttons rather than a broken page.
    }
    for (const element of found) if (!marked.has(element)) addButtons(element, options.link, answers);
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const scheduleScan = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      scan();
    }, RESCAN_DELAY_MS);
  };
  // Portals render their document lists late (XHR, frameworks): look again when the page changes.
  new MutationObserver(scheduleScan).observe(document.documentElement, { childList: true, subtree: true });
  scan();
}
