import type { ProgressEvent } from "../../../shared/protocol/envelope.js";
import type { MethodHandler } from "../method-context.js";
import { openHostKey } from "./host-key.js";
import { mailAccount, recordMailAudit, withOutbox } from "./mail-access.js";

/**
 * mail.send: the message is composed from the blobs, stored in the outbox and audited as
 * "queued" before the first attempt; then worked for up to waitMs and audited again with the
 * outcome. An answer of "queued" means the outbox keeps the message for a later mail.outbox
 * process / retry — nothing is lost when the server is away.
 */
export const mailSend: MethodHandler<"mail.send"> = async (params, context) => {
  const { composeMessage } = await import("../../mail/mime/compose-message.js");
  const session = await mailAccount(context.services.log);
  const { account } = session;
  const attachments = (params.attachments ?? []).map((a) => ({
    filename: a.filename,
    content: context.services.blobs.bytes(a.blobId),
    contentType: a.contentType ?? (a.filename.toLowerCase().endsWith(".pdf") ? "application/pdf" : "application/octet-stream"),
  }));
  // The bytes are in hand; the store lets go of them whatever happens next (the compose window uploads again for another try).
  for (const a of params.attachments ?? []) context.services.blobs.delete(a.blobId);
  // The S/MIME key, opened for one signature like sign.digest opens it (never a key file in the host).
  const smimeKey = params.smime ? await openHostKey(params.smime, context, { refusal: "mail.send signs S/MIME", count: 1 }) : undefined;
  const message = await composeMessage({
    from: { address: account.address, ...(account.displayName !== undefined ? { name: account.displayName } : {}) },
    to: params.to,
    ...(params.cc ? { cc: params.cc } : {}),
    subject: params.subject,
    text: params.text,
    attachments,
    readReceipt: params.readReceipt ?? false,
    ...(smimeKey ? { smimeSigner: smimeKey } : {}),
  }).finally(() => smimeKey?.close());
  const progress = (stage: string, done: number): void => context.emit({ kind: "progress", done, total: 2, stage } satisfies ProgressEvent);
  const audited = { origin: params.origin, attachments, ...(smimeKey ? { smimeCertificateDer: smimeKey.certificateDer } : {}) };
  return withOutbox(async (outbox) => {
    const queued = await outbox.enqueue(message, params.subject);
    await recordMailAudit(context.services, { ...audited, entry: queued });
    progress("queued", 1);
    const [entry = queued] = await outbox.drain({ deadlineMs: params.waitMs ?? 30_000, ids: [queued.id] });
    if (entry.state !== "queued") await recordMailAudit(context.services, { ...audited, entry });
    progress(entry.state, 2);
    return { entry };
  }, session);
};
