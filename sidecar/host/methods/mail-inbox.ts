import { createHash } from "node:crypto";
import type { MethodHandler } from "../method-context.js";
import { mailAccount } from "./mail-access.js";

/** mail.inbox: the newest messages with PDFs, from BODYSTRUCTURE (no body downloaded). */
export const mailInbox: MethodHandler<"mail.inbox"> = async (params, context) => {
  const { listIncomingPdfMail } = await import("../../mail/imap/incoming.js");
  const messages = await listIncomingPdfMail({ ...(await mailAccount(context.services.log)), limit: params.limit ?? 50, ...(params.mailbox !== undefined ? { mailbox: params.mailbox } : {}) });
  return { messages };
};

/** mail.attachment: one attachment, decoded, into a blob the extension reads with blob.get and verifies. */
export const mailAttachment: MethodHandler<"mail.attachment"> = async (params, context) => {
  const { downloadAttachment } = await import("../../mail/imap/incoming.js");
  const { filename, content } = await downloadAttachment({ ...(await mailAccount(context.services.log)), uid: params.uid, part: params.part, ...(params.mailbox !== undefined ? { mailbox: params.mailbox } : {}) });
  const blobId = context.services.blobs.add(content);
  return { blobId, filename, sizeBytes: content.length, sha256: createHash("sha256").update(content).digest("hex") };
};
