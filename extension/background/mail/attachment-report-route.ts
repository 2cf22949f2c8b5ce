import type browser from "webextension-polyfill";
import { errorCodeOf } from "../../../shared/protocol/kyso-error.js";
import { attachmentReportRequestSchema } from "../../../shared/protocol/popup.js";
import type { SidecarConnection } from "../sidecar-connection.js";
import { verifyIncomingAttachment } from "./incoming-attachments.js";

/**
 * The full report of one incoming attachment for popup/attachment-report.html: the verdict the
 * popup's badge came from (kept by incoming-attachments.ts), or a fresh download and
 * verification when the background was restarted in between.
 */
export function serveAttachmentReport(port: browser.Runtime.Port, sidecar: SidecarConnection): void {
  port.onMessage.addListener((message: unknown) => {
    const parsed = attachmentReportRequestSchema.safeParse(message);
    if (!parsed.success) return;
    const { attachment } = parsed.data;
    verifyIncomingAttachment(attachment, sidecar).then(
      ({ filename, report }) => port.postMessage({ type: "popup.report", attachment, filename, report }),
      (error: unknown) => port.postMessage({ type: "popup.report.error", attachment, code: errorCodeOf(error) }),
    ).catch(() => undefined); // the page closed before the answer
  });
}
