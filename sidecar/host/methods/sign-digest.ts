import { X509Certificate } from "node:crypto";
import { userInfo } from "node:os";
import type { ProgressEvent } from "../../../shared/protocol/envelope.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { SignItem } from "../../../shared/protocol/methods/sign.js";
import type { AuditEntry } from "../../audit/audit-chain.js";
import { recordAudit } from "../audit-recorder.js";
import type { MethodContext, MethodHandler } from "../method-context.js";
import { modulePathsFor } from "./module-choice.js";

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

function auditEntryFor(options: { item: SignItem; origin: string; certificate: X509Certificate | undefined; result: string }): AuditEntry {
  const { certificate } = options;
  return {
    action: "sign",
    who: userInfo().username,
    origin: options.origin,
    documentName: options.item.documentName,
    documentSha256: options.item.documentSha256,
    result: options.result,
    ...(certificate ? { certificate: { subject: certificate.subject.replace(/\n/g, ", "), serialNumber: certificate.serialNumber, issuer: certificate.issuer.replace(/\n/g, ", ") } } : {}),
  };
}

/**
 * sign.digest: one login for the whole batch (ARCHITECTURE.md security rule 4: the
 * certificate cannot change mid-batch), a progress event per document, an audit record per
 * document whatever its outcome. The PIN becomes bytes moved to the token's worker and zeroed
 * there; the string in the parsed params is dropped at once (a JS string cannot be zeroed).
 */
export const signDigest: MethodHandler<"sign.digest"> = async (params, context: MethodContext) => {
  const { parsePkcs11Uri } = await import("../../keys/pkcs11/pkcs11-uri.js");
  const { loadPkcs11Signer } = await import("../../keys/pkcs11/pkcs11-signer.js");
  const uri = parsePkcs11Uri(params.certificateId);
  const modulePath = uri.modulePath ?? (await modulePathsFor(context.services.config))[0];
  if (!modulePath) throw new KysoError("PKCS11_MODULE_UNAVAILABLE", "no PKCS#11 module is configured or installed");
  const pin = params.pin === undefined ? undefined : new TextEncoder().encode(params.pin);
  delete params.pin;
  const audit = (item: SignItem, result: string, certificate?: X509Certificate) =>
    recordAudit(context.services, auditEntryFor({ item, origin: params.origin, certificate, result }));

  let signer;
  try {
    signer = await loadPkcs11Signer({ uri, modulePath, signal: context.signal, ...(pin ? { pin } : {}), ...(params.algorithm ? { algorithm: params.algorithm } : {}) });
  } catch (error) {
    for (const item of params.items) await audit(item, error instanceof KysoError ? error.code : "INTERNAL_ERROR");
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
        for (const rest of params.items.slice(index)) await audit(rest, error instanceof KysoError ? error.code : "INTERNAL_ERROR", certificate);
        throw error;
      }
    }
    return { certificate: base64(signer.certificateDer), chain: signer.chainDer.map(base64), algorithm: { ...signer.algorithm }, signatures };
  } finally {
    await signer.close();
  }
};
