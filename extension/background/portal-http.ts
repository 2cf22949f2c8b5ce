import { KysoError } from "../../shared/protocol/kyso-error.js";
import { PAGE_FETCH_MAX_BYTES, PAGE_UPLOAD_RESPONSE_MAX_BYTES, type UploadTarget } from "../../shared/protocol/page-api.js";

/**
 * HTTP to the portal, from the background with the browser's cookies for that site
 * (`credentials: "include"`; the extension's host permission makes Chromium send them as for a
 * same-site request and lifts CORS). Done here rather than in the content script so that the
 * document goes straight into a Blob the PDF engine reads in place, and the signed
 * Blob([original, update]) is uploaded without copying the original through the JSON-only
 * runtime ports. Redirects are refused: a redirect could lead off the allowed origins after the
 * URL was checked (url-rules.ts).
 */

/** Reads a body into a Blob, refusing more than `maxBytes` (a lying or absent Content-Length included). */
async function cappedBody(response: Response, maxBytes: number, code: "DOCUMENT_FETCH_FAILED" | "UPLOAD_FAILED"): Promise<Blob> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new KysoError("MESSAGE_TOO_LARGE", `${declared} bytes, more than ${maxBytes}`);
  if (!response.body) return new Blob([]);
  const parts: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) throw new KysoError("MESSAGE_TOO_LARGE", `more than ${maxBytes} bytes`);
      parts.push(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    if (error instanceof KysoError) throw error;
    throw new KysoError(code, String(error), { cause: error });
  }
  return new Blob(parts as BlobPart[]);
}

export async function fetchPortalDocument(url: URL, signal: AbortSignal): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: "include", redirect: "error", cache: "no-store", signal });
  } catch (error) {
    signal.throwIfAborted();
    throw new KysoError("DOCUMENT_FETCH_FAILED", `${url.origin}: ${String(error)}`, { cause: error });
  }
  if (!response.ok) throw new KysoError("DOCUMENT_FETCH_FAILED", `${url.origin}${url.pathname}: HTTP ${response.status}`);
  return cappedBody(response, PAGE_FETCH_MAX_BYTES, "DOCUMENT_FETCH_FAILED");
}

export interface UploadAnswer {
  status: number;
  body: string;
}

/** POSTs the signed file as multipart/form-data (field `fieldName`, default "file"). */
export async function uploadSignedDocument(options: { url: URL; target: UploadTarget; signed: Blob; fileName: string; signal: AbortSignal }): Promise<UploadAnswer> {
  const form = new FormData();
  form.append(options.target.fieldName ?? "file", new File([options.signed], options.fileName, { type: "application/pdf" }));
  let response: Response;
  try {
    response = await fetch(options.url, { method: "POST", body: form, headers: options.target.headers ?? {}, credentials: "include", redirect: "error", signal: options.signal });
  } catch (error) {
    options.signal.throwIfAborted();
    throw new KysoError("UPLOAD_FAILED", `${options.url.origin}: ${String(error)}`, { cause: error });
  }
  const body = await cappedBody(response, PAGE_UPLOAD_RESPONSE_MAX_BYTES, "UPLOAD_FAILED");
  return { status: response.status, body: await body.text() };
}
