import type { ProgressEvent } from "../../../shared/protocol/envelope.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { MailSendParams } from "../../../shared/protocol/methods/mail.js";
import type { OpenedKey } from "../../keys/key-source.js";
import type { MethodContext, MethodHandler } from "../method-context.js";
import { hostKeySettings } from "./host-key-settings.js";
import { mailAccount, recordMailAudit, withOutbox } from "./mail-access.js";

/**
 * mail.send: the message is composed from the blobs, stored in the outbox and audited as
 * "queued" before the first attempt; then worked for up to waitMs and audited again with the
 * outcome. An answer of "queued" means the outbox keeps the message for a later mail.outbox
 * process / retry — nothing is lost when the server is away.
 */
/** The S/MIME key, opened for one signature like sign.digest opens it (never a key file in the host). */
async function openSmimeKey(smime: NonNullable<MailSendParams["smime"]>, context: MethodContext): Promise<OpenedKey> {
  const { keySourceFor } = await import("../../keys/key-sources.js");
  const secret = smime.pin === undefined ? undefined : new TextEncoder().encode(smime.pin);
  delete smime.pin;
  try {
    const source = await keySourceFor(smime.certificateId);
    if (source.scheme === "pkcs12") throw new KysoError("KEY_NOT_FOUND", "mail.send signs S/MIME with a token, a signing service or a PKI SIM, never with a key file");
    return await source.open(smime.certificateId, { count: 1, signal: context.signal, env: process.env, settings: await hostKeySettings(context.services.config), ...(secret ? { secret } : {}) });
  } catch (error) {
    // Once opened, the source owns the bytes (a PKCS#11 source moves them to its worker); on failure nothing else will zero them.
    if (secret && secret.byteLength > 0) secret.fill(0);
    throw error;
  }
}

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
  const smimeKey = params.smime ? await openSmimeKey(params.smime, context) : undefined;
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
