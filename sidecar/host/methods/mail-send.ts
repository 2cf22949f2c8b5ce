import type { ProgressEvent } from "../../../shared/protocol/envelope.js";
import type { MethodHandler } from "../method-context.js";
import { mailAccount, recordMailAudit, withOutbox } from "./mail-access.js";

/**
 * mail.send: the message is composed from the blobs, stored in the outbox and audited as
 * "queued" before the first attempt; then worked for up to waitMs and audited again with the
 * outcome. An answer of "queued" means the outbox keeps the message for a later mail.outbox
 * process / retry — nothing is lost when the server is away.
 */
export const mailSend: MethodHandler<"mail.send"> = async (params, context) => {
  const { composeMessage } = await import("../../mail/mime/compose-message.js");
  const session = await mailAccount();
  const { account } = session;
  const attachments = (params.attachments ?? []).map((a) => ({
    filename: a.filename,
    content: context.services.blobs.bytes(a.blobId),
    contentType: a.contentType ?? (a.filename.toLowerCase().endsWith(".pdf") ? "application/pdf" : "application/octet-stream"),
  }));
  const message = await composeMessage({
    from: { address: account.address, ...(account.displayName !== undefined ? { name: account.displayName } : {}) },
    to: params.to,
    ...(params.cc ? { cc: params.cc } : {}),
    subject: params.subject,
    text: params.text,
    attachments,
    readReceipt: params.readReceipt ?? false,
  });
  const progress = (stage: string, done: number): void => context.emit({ kind: "progress", done, total: 2, stage } satisfies ProgressEvent);
  return withOutbox(async (outbox) => {
    const queued = await outbox.enqueue(message, params.subject);
    await recordMailAudit(context.services, { origin: params.origin, entry: queued, attachments });
    progress("queued", 1);
    const [entry = queued] = await outbox.drain({ deadlineMs: params.waitMs ?? 30_000, ids: [queued.id] });
    if (entry.state !== "queued") await recordMailAudit(context.services, { origin: params.origin, entry, attachments });
    progress(entry.state, 2);
    return { entry };
  }, session);
};
