import { bytesToBase64, base64ToBytes } from "../../shared/protocol/base64-codec.js";
import { schemaIssuesText } from "../../shared/protocol/schema-issues.js";
import {
  PAGE_INLINE_DOCUMENT_MAX_BYTES,
  PAGE_INLINE_TOTAL_MAX_BYTES,
  pageMailRequestSchema,
  pageRequestFrameSchema,
  pageSignRequestSchema,
  verifyRequestSchema,
  type ContentFrame,
  type PageError,
  type PageRequestFrame,
  type PortToContent,
} from "../../shared/protocol/page-api.js";
import type { BackgroundLink } from "./background-link.js";

const bytesOf = (value: ArrayBuffer | Uint8Array) => (value instanceof Uint8Array ? value : new Uint8Array(value));

class RefusedFrame extends Error {
  constructor(readonly pageError: PageError) {
    super(pageError.message);
  }
}

/** The page's params in the port's form (bytes as base64), after the size caps. */
function portParams(frame: PageRequestFrame): unknown {
  if (frame.method === "version") return undefined;
  if (frame.method === "verify") {
    const parsed = verifyRequestSchema.safeParse(frame.params);
    if (!parsed.success) throw new RefusedFrame({ code: "BAD_REQUEST", message: "verify takes { document: { url } | { bytes } }" });
    const { document } = parsed.data;
    if ("url" in document) return { document };
    const bytes = bytesOf(document.bytes);
    if (bytes.byteLength > PAGE_INLINE_DOCUMENT_MAX_BYTES) throw new RefusedFrame({ code: "MESSAGE_TOO_LARGE", message: `${bytes.byteLength} bytes` });
    return { document: { bytes: bytesToBase64(bytes) } };
  }
  const parsed = (frame.method === "mail" ? pageMailRequestSchema : pageSignRequestSchema).safeParse(frame.params);
  if (!parsed.success) throw new RefusedFrame({ code: "BAD_REQUEST", message: schemaIssuesText(parsed.error.issues) });
  let total = 0;
  const documents = parsed.data.documents.map((document) => {
    if (!("bytes" in document)) return document;
    const bytes = bytesOf(document.bytes);
    total += bytes.byteLength;
    if (bytes.byteLength > PAGE_INLINE_DOCUMENT_MAX_BYTES || total > PAGE_INLINE_TOTAL_MAX_BYTES) throw new RefusedFrame({ code: "MESSAGE_TOO_LARGE", message: `inline documents over ${PAGE_INLINE_TOTAL_MAX_BYTES} bytes` });
    return { ...document, bytes: bytesToBase64(bytes) };
  });
  return { ...parsed.data, documents };
}

/** Signed documents come back as base64 on the port; the page gets Uint8Array. */
function pageResult(result: unknown): unknown {
  const results = (result as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) return result;
  return { results: results.map((entry: { signed?: unknown }) => (typeof entry.signed === "string" ? { ...entry, signed: base64ToBytes(entry.signed) } : entry)) };
}

/**
 * The page ↔ extension bridge (ARCHITECTURE.md "Page ↔ content script"): accepts only frames
 * the page posted to itself (event.source === window), acknowledges each at once, forwards it
 * to the background and answers to the page's origin only (event.origin, never "*").
 */
export function bridgePageMessages(link: BackgroundLink): void {
  const replyTo = new Map<string, string>();
  const postToPage = (frame: ContentFrame, origin: string, transfer: Transferable[] = []) => window.postMessage(frame, origin, transfer);

  link.onMessage((message: PortToContent) => {
    const origin = replyTo.get(message.id);
    if (origin === undefined) return;
    if (message.type === "progress") return postToPage({ kyso: 1, type: "kyso.progress", id: message.id, done: message.done, total: message.total, stage: message.stage }, origin);
    replyTo.delete(message.id);
    if (!message.ok) return postToPage({ kyso: 1, type: "kyso.response", id: message.id, ok: false, error: message.error }, origin);
    postToPage({ kyso: 1, type: "kyso.response", id: message.id, ok: true, result: pageResult(message.result) }, origin);
  });

  window.addEventListener("message", (event: MessageEvent) => {
    // A frame, a popup or another window may post here: only this page's own messages count.
    if (event.source !== window) return;
    const parsed = pageRequestFrameSchema.safeParse(event.data);
    if (!parsed.success) return;
    const frame = parsed.data;
    const origin = event.origin;
    postToPage({ kyso: 1, type: "kyso.ack", id: frame.id }, origin);
    if (replyTo.has(frame.id)) return postToPage({ kyso: 1, type: "kyso.response", id: frame.id, ok: false, error: { code: "BAD_REQUEST", message: "duplicate request id" } }, origin);
    let params: unknown;
    try {
      params = portParams(frame);
    } catch (error) {
      const refused = error instanceof RefusedFrame ? error.pageError : { code: "INTERNAL_ERROR" as const, message: String(error) };
      return postToPage({ kyso: 1, type: "kyso.response", id: frame.id, ok: false, error: refused }, origin);
    }
    replyTo.set(frame.id, origin);
    link.send({ type: "request", id: frame.id, method: frame.method, ...(params === undefined ? {} : { params }) });
  });
}
