import { X509Certificate } from "node:crypto";
import type { ApprovalEvent, ProgressEvent } from "../../../shared/protocol/envelope.js";
import { errorCodeOf, KysoError } from "../../../shared/protocol/kyso-error.js";
import type { SignItem } from "../../../shared/protocol/methods/sign.js";
import { signAuditEntry } from "../../audit/audit-entries.js";
import { recordAudit } from "../audit-recorder.js";
import type { MethodContext, MethodHandler } from "../method-context.js";
import type { KeyEvent, OpenedKey } from "../../keys/key-source.js";
import { openHostKey } from "./host-key.js";

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

/** What the browser shows while a remote key waits for the person's phone. */
function approvalEventOf(event: KeyEvent): ApprovalEvent {
  if (event.kind === "approved") return { kind: "approval", state: "approved", provider: event.provider };
  return {
    kind: "approval", state: "awaiting", provider: event.provider,
    ...(event.code ? { code: event.code } : {}), ...(event.serviceName ? { serviceName: event.serviceName } : {}), ...(event.expiresAt ? { expiresAt: event.expiresAt } : {}),
  };
}

function signedBy(signer: OpenedKey): { certificate: string; chain: string[]; algorithm: OpenedKey["algorithm"] } {
  return { certificate: base64(signer.certificateDer), chain: signer.chainDer.map(base64), algorithm: { ...signer.algorithm } };
}

/**
 * sign.digest: the key from the source its certificate id names (PKCS#11 token, CSC service,
 * PKI SIM; never a key file a page could point at), opened once for the whole batch
 * (ARCHITECTURE.md security rule 4: the certificate cannot change mid-batch) with every
 * toBeSigned up front, so that a CSC service authorises the batch with one approval. A
 * progress event per document, an approval event while the phone is asked, an audit record
 * per document whatever its outcome; a batch the token left part way (pulled out) answers with
 * the signatures made and `stopped`. The PIN is handled as openHostKey says.
 */
export const signDigest: MethodHandler<"sign.digest"> = async (params, context: MethodContext) => {
  const audit = (item: SignItem, result: string, certificate?: X509Certificate) =>
    recordAudit(context.services, signAuditEntry({ who: context.services.user, origin: params.origin }, { documentName: item.documentName, documentSha256: item.documentSha256 }, { result, certificate }));

  let signer: OpenedKey;
  try {
    signer = await openHostKey(params, context, {
      refusal: "sign.digest signs",
      count: params.items.length,
      toBeSigned: params.items.map((item) => Buffer.from(item.toBeSigned, "base64")),
      documentNames: params.items.map((item) => item.documentName),
      onEvent: (event) => context.emit(approvalEventOf(event)),
      ...(params.algorithm ? { algorithm: params.algorithm } : {}),
    });
  } catch (error) {
    for (const item of params.items) await audit(item, errorCodeOf(error));
    throw error;
  }
  const certificate = new X509Certificate(signer.certificateDer);
  try {
    const signatures: string[] = [];
    for (const [index, item] of params.items.entries()) {
      const progress: ProgressEvent = { kind: "progress", done: index, total: params.items.length, stage: "sign" };
      context.emit(progress);
      try {
        signatures.push(base64(await signer.sign(Buffer.from(item.toBeSigned, "base64"))));
        await audit(item, "ok", certificate);
      } catch (error) {
        for (const rest of params.items.slice(index)) await audit(rest, errorCodeOf(error), certificate);
        // The signatures made before the token went are whole and audited as signed: they go
        // back with why the rest stopped, so those documents are not lost. A cancel wants nothing back.
        if (index === 0 || !(error instanceof KysoError) || error.code === "CANCELLED") throw error;
        return { ...signedBy(signer), signatures, stopped: { code: error.code, detail: error.message.slice(0, 4096) } };
      }
    }
    return { ...signedBy(signer), signatures };
  } finally {
    await signer.close();
  }
};
