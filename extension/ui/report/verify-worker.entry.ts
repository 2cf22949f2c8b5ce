/**
 * The verification page's worker: the whole verification of a picked or dropped PDF — the pass
 * that hashes every signed byte (noble SHA-256 in JavaScript, seconds for a large file), CMS,
 * paths, later changes — and the report's HTML, off the page's thread, so the page keeps
 * answering and can show how far it is. One worker per file: the page terminates it when
 * another file is picked.
 */
import { nobleHasherFactory } from "../../../shared/cms/incremental-hasher.js";
import { blobByteSource } from "../../../shared/pdf/byte-source.js";
import { errorCodeOf } from "../../../shared/protocol/kyso-error.js";
import { renderVerificationHtml } from "../../../shared/verify/report-html.js";
import { verifyDocument } from "../../../shared/verify/verify-document.js";
import type { VerifyWorkerMessage, VerifyWorkerRequest } from "./verify-worker-messages.js";

/** The dedicated worker global this script runs in (the project's lib is DOM, not WebWorker). */
interface WorkerScope {
  addEventListener(type: "message", listener: (event: MessageEvent<VerifyWorkerRequest>) => void): void;
  postMessage(message: VerifyWorkerMessage): void;
}
const scope = globalThis as unknown as WorkerScope;

async function verify(request: VerifyWorkerRequest): Promise<VerifyWorkerMessage> {
  try {
    const result = await verifyDocument({
      source: blobByteSource(request.file),
      trustAnchorsPem: request.trustAnchorsPem,
      createHasher: nobleHasherFactory,
      revocationHardFail: request.revocationHardFail,
      onProgress: (progress) => scope.postMessage({ type: "progress", progress }),
    });
    return { type: "report", html: renderVerificationHtml(result, { language: request.language, fileName: request.file.name }) };
  } catch (error) {
    return { type: "failure", code: errorCodeOf(error) };
  }
}

scope.addEventListener("message", (event) => {
  void verify(event.data).then((message) => scope.postMessage(message));
});
