import type { CertificateEntry } from "../../../shared/protocol/methods/keys.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { MethodHandler } from "../method-context.js";
import { modulePathsFor } from "./module-choice.js";

/** keys.list: every module's certificates; a module that will not load is listed, not fatal. */
export const keysList: MethodHandler<"keys.list"> = async (params, context) => {
  const { listTokenCertificates } = await import("../../keys/pkcs11/token-certificates.js");
  const certificates: CertificateEntry[] = [];
  const unavailableModules: Array<{ modulePath: string; code: string }> = [];
  for (const modulePath of params.modulePaths ?? (await modulePathsFor(context.services.config))) {
    try {
      for (const found of await listTokenCertificates(modulePath)) {
        certificates.push({
          provider: "pkcs11",
          certificateId: found.uri,
          tokenLabel: found.tokenLabel,
          tokenSerial: found.tokenSerial,
          subject: found.subject,
          issuer: found.issuer,
          serialNumber: found.serialNumber,
          notBefore: found.notBefore,
          notAfter: found.notAfter,
          keyType: found.keyType,
          ...(found.keySizeBits === undefined ? {} : { keySizeBits: found.keySizeBits }),
          certificate: found.certificateBase64,
          chain: found.chainBase64,
        });
      }
    } catch (error) {
      if (!(error instanceof KysoError)) throw error;
      unavailableModules.push({ modulePath, code: error.code });
    }
  }
  return { certificates, unavailableModules };
};
