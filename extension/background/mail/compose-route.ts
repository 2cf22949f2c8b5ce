import { bytesToBase64 } from "../../../shared/protocol/base64-codec.js";
import { BLOB_CHUNK_MAX_BYTES } from "../../../shared/protocol/message-limits.js";
import { composeIdOfPort, fromComposeWindowSchema, type ComposeCertificate, type ComposeOutboxView, type ComposeRequest, type FromComposeWindow, type ToComposeWindow } from "../../../shared/protocol/compose.js";
import { errorCodeOf, KysoError } from "../../../shared/protocol/kyso-error.js";
import { sha256Hex } from "../sha256-hex.js";
import type { MethodName, MethodParams, MethodResult } from "../../../shared/protocol/methods.js";
import type { OutboxEntry } from "../../../shared/protocol/methods/mail.js";

/**
 * The background side of the compose window (shared/protocol/compose.ts), self-contained so
 * that ext-core registers it with one line in its runtime.onConnect listener:
 *
 *   if (composeIdOfPort(port.name)) serveComposePort(port, { request, documentBytes, sidecar });
 *
 * It sends `compose.init` and then the S/MIME certificates; on `compose.send` it uploads the
 * chosen documents with blob.put, calls mail.send (S/MIME with the chosen token key and the PIN
 * typed in the window, when ticked) and reports the progress and the outbox entry; on
 * `compose.retry` it calls mail.outbox retry. The window never sees the sidecar, and the origin in the audit log is
 * the page's, given by the background — never anything the window says.
 */

/** What the route needs of a runtime port (webextension-polyfill's Runtime.Port fits). */
export interface ComposePort {
  name: string;
  postMessage(message: unknown): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

/** ext-core's sidecar connection (SidecarConnection.request fits). */
export interface ComposeSidecar {
  request<M extends MethodName>(method: M, params: MethodParams<M>, options?: { onEvent?: (event: unknown) => void; signal?: AbortSignal }): Promise<MethodResult<M>>;
}

export interface ComposeRouteOptions {
  request: ComposeRequest;
  /** The bytes of request.documents[index] (signed first when the person chose so). */
  documentBytes(index: number): Promise<Uint8Array>;
  sidecar: ComposeSidecar;
  /** How long mail.send waits for the server's answer before reporting "queued". */
  waitMs?: number;
  /** The certificates the S/MIME box can sign with (keys.list with the policy's modules); none listed without it. */
  listCertificates?: () => Promise<ComposeCertificate[]>;
}

export { composeIdOfPort };

/** blob.put in chunks the host accepts; the last chunk carries the SHA-256 the host checks. */
export async function uploadBlob(sidecar: ComposeSidecar, bytes: Uint8Array): Promise<string> {
  const sha256 = await sha256Hex(bytes);
  let blobId: string | undefined;
  let offset = 0;
  do {
    const chunk = bytes.subarray(offset, offset + BLOB_CHUNK_MAX_BYTES);
    const last = offset + chunk.length >= bytes.length;
    const answer = await sidecar.request("blob.put", { ...(blobId ? { blobId } : {}), totalBytes: bytes.length, offset, data: bytesToBase64(chunk), ...(last ? { sha256 } : {}) });
    blobId = answer.blobId;
    offset += chunk.length;
  } while (offset < bytes.length);
  return blobId;
}

/** The outbox entry as the window shows it: state, Sent copy, refused recipients, the error in words. */
export function outboxView(entry: OutboxEntry): ComposeOutboxView {
  return {
    id: entry.id,
    state: entry.state,
    sentCopy: entry.sentCopy.state,
    refused: entry.recipients.filter((r) => r.status === "refused").map((r) => ({ address: r.address, ...(r.reply !== undefined ? { reply: r.reply } : {}) })),
    ...(entry.lastError ? { error: { code: entry.lastError.code, detail: entry.lastError.detail.slice(0, 4096) } } : {}),
  };
}

export function serveComposePort(port: ComposePort, options: ComposeRouteOptions): void {
  const post = (message: ToComposeWindow) => port.postMessage(message);
  const controller = new AbortController();
  let busy = false;
  port.onDisconnect.addListener(() => controller.abort(new KysoError("CANCELLED", "the compose window closed")));

  const fail = (error: unknown) => {
    const code = errorCodeOf(error);
    post({ type: "compose.error", code, ...(error instanceof Error && error.message !== code ? { detail: error.message.slice(0, 4096) } : {}) });
  };

  async function send(message: Extract<FromComposeWindow, { type: "compose.send" }>): Promise<void> {
    post({ type: "compose.progress", stage: "attaching", done: 0, total: message.attach.length });
    const attachments = [];
    for (const [done, index] of message.attach.entries()) {
      const document = options.request.documents[index];
      if (!document) throw new KysoError("BAD_REQUEST", `no document ${index}`);
      attachments.push({ blobId: await uploadBlob(options.sidecar, await options.documentBytes(index)), filename: document.name, contentType: "application/pdf" });
      post({ type: "compose.progress", stage: "attaching", done: done + 1, total: message.attach.length });
    }
    const { entry } = await options.sidecar.request(
      "mail.send",
      {
        origin: options.request.origin,
        to: message.to,
        cc: message.cc,
        subject: message.subject,
        text: message.text,
        attachments,
        readReceipt: message.readReceipt,
        ...(message.smime ? { smime: message.smime } : {}),
        waitMs: options.waitMs ?? 30_000,
      },
      {
        signal: controller.signal,
        onEvent: (event) => {
          const stage = (event as { stage?: unknown }).stage;
          if (stage === "queued") post({ type: "compose.progress", stage: "sending" });
        },
      },
    );
    post({ type: "compose.progress", stage: "done" });
    post({ type: "compose.outbox", entry: outboxView(entry) });
  }

  async function retry(outboxId: string): Promise<void> {
    post({ type: "compose.progress", stage: "sending" });
    const { entries } = await options.sidecar.request("mail.outbox", { action: "retry", id: outboxId, origin: options.request.origin }, { signal: controller.signal });
    const entry = entries.find((e) => e.id === outboxId);
    if (entry) post({ type: "compose.outbox", entry: outboxView(entry) });
  }

  port.onMessage.addListener((raw) => {
    const parsed = fromComposeWindowSchema.safeParse(raw);
    if (!parsed.success || busy) return;
    const message = parsed.data;
    if (message.type === "compose.cancel") return;
    busy = true;
    const work = message.type === "compose.send" ? send(message) : retry(message.outboxId);
    work.catch(fail).finally(() => {
      busy = false;
    });
  });
  post({ type: "compose.init", request: options.request });
  // Listed after init: a slow token module must not hold the form back.
  (options.listCertificates ?? (() => Promise.resolve([])))().then(
    (certificates) => post({ type: "compose.certificates", certificates }),
    (error: unknown) => post({ type: "compose.certificates", certificates: [], code: errorCodeOf(error) }),
  );
}
