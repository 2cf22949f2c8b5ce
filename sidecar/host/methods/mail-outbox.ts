import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { MethodHandler } from "../method-context.js";
import { mailAccount, recordMailAudit, withOutbox } from "./mail-access.js";

/** mail.outbox: list; process what is due; retry or cancel one message — each retry and cancel audited with its outcome. */
export const mailOutbox: MethodHandler<"mail.outbox"> = async (params, context) => {
  if ((params.action === "retry" || params.action === "cancel") && params.id === undefined) throw new KysoError("BAD_REQUEST", `mail.outbox ${params.action} needs an id`);
  const origin = params.origin ?? "";
  return withOutbox(async (outbox) => {
    if (params.action === "list") return { entries: await outbox.list() };
    if (params.action === "process") {
      const worked = await outbox.processDue();
      for (const entry of worked) await recordMailAudit(context.services, { origin, entry, attachments: [] });
      return { entries: await outbox.list() };
    }
    const id = params.id ?? "";
    if (params.action === "cancel") {
      const entry = await outbox.cancel(id);
      await recordMailAudit(context.services, { origin, entry, attachments: [] });
      return { entries: [entry] };
    }
    await outbox.retryEntry(id);
    const entries = await outbox.drain({ deadlineMs: 30_000, ids: [id] });
    for (const entry of entries) await recordMailAudit(context.services, { origin, entry, attachments: [] });
    return { entries };
  }, await mailAccount(context.services.log));
};
