import type { PopupAttachmentRef } from "../../../shared/protocol/popup.js";
import type { DocumentJson } from "../../../shared/verify/verification-json.js";
import { currentSettings } from "../policy-settings.js";
import { readSidecarBlob } from "../sidecar-blob.js";
import type { SidecarConnection } from "../sidecar-connection.js";
import { verifyPdfBlob } from "../verify-flow.js";

export interface VerifiedAttachment {
  filename: string;
  report: DocumentJson;
}

/**
 * A PDF attached to an incoming message, verified in the browser by the shared verifier: the
 * host downloads the one part (mail.attachment, IMAP FETCH BODY[part]) into a blob, the
 * background reads it in blob.get chunks (a host answer over 1 MiB would kill the native port)
 * and verifies it with the policy's trust anchors, as window.kyso.verify does. Verdicts are
 * kept while the background lives, so the popup reopened and the full report page need no
 * second download; a failed run is forgotten and may be asked again. A run is not tied to the
 * popup: opening the report closes the popup, and the report page waits for the same run.
 */
const VERIFY_TIMEOUT_MS = 120_000;
const verdicts = new Map<string, Promise<VerifiedAttachment>>();

const keyOf = (attachment: PopupAttachmentRef) => `INBOX/${attachment.uid}/${attachment.part}`;

async function downloadAndVerify(attachment: PopupAttachmentRef, sidecar: SidecarConnection, signal: AbortSignal): Promise<VerifiedAttachment> {
  const { blobId, filename } = await sidecar.request("mail.attachment", { uid: attachment.uid, part: attachment.part }, { signal });
  const bytes = await readSidecarBlob(sidecar, blobId, signal);
  const { settings } = await currentSettings();
  const report = await verifyPdfBlob(new Blob([bytes as BlobPart], { type: "application/pdf" }), { settings, sidecar, signal });
  return { filename, report };
}

export function verifyIncomingAttachment(attachment: PopupAttachmentRef, sidecar: SidecarConnection): Promise<VerifiedAttachment> {
  const key = keyOf(attachment);
  const known = verdicts.get(key);
  if (known) return known;
  const running = downloadAndVerify(attachment, sidecar, AbortSignal.timeout(VERIFY_TIMEOUT_MS));
  verdicts.set(key, running);
  running.catch(() => verdicts.delete(key));
  return running;
}
