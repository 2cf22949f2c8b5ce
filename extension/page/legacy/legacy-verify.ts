import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { DocumentVerification, Indication } from "../../../shared/verify/verification-result.js";
import { requirePageApi, type LegacyCallContext } from "./legacy-call.js";
import { LEGACY_MESSAGES } from "./legacy-messages.js";
import { legacyFailureOf, LEGACY_STATUS_FAILED, LEGACY_STATUS_OK } from "./legacy-result.js";

const VERDICTS: Record<Indication, string> = {
  TOTAL_PASSED: LEGACY_MESSAGES.verifyPassed,
  TOTAL_FAILED: LEGACY_MESSAGES.verifyFailed,
  INDETERMINATE: LEGACY_MESSAGES.verifyIndeterminate,
};

/** The document URL of a VerifyPDF JSON (FileName, as in the signing calls; URL also accepted). */
function verifyTarget(input: string, baseUrl: string): string {
  let params: unknown;
  try {
    params = JSON.parse(input);
  } catch {
    throw new KysoError("BAD_REQUEST", LEGACY_MESSAGES.notJson);
  }
  const fields = typeof params === "object" && params !== null ? (params as Record<string, unknown>) : {};
  const link = [fields.FileName, fields.URL].find((value): value is string => typeof value === "string" && value.trim() !== "");
  if (!link) throw new KysoError("BAD_REQUEST", LEGACY_MESSAGES.badDocumentUrl);
  try {
    return new URL(link.trim(), baseUrl).href;
  } catch {
    throw new KysoError("BAD_REQUEST", LEGACY_MESSAGES.badDocumentUrl);
  }
}

/**
 * VerifyPDF: kyso's verifier (window.kyso.verify) on the document, answered in the legacy
 * shape (Status 0 only for TOTAL_PASSED) with one line per signature. The old service's
 * exact verification answer is not public; this keeps its Status/Message convention.
 */
export async function runLegacyVerify(input: string, context: LegacyCallContext): Promise<string> {
  try {
    const url = verifyTarget(input, context.baseUrl());
    const report = (await requirePageApi(context).verify({ document: { url } })) as DocumentVerification;
    const signatures = report.signatures.map((signature) => ({
      Signer: signature.signer?.name ?? "",
      Organisation: signature.signer?.organisation ?? "",
      SigningTime: signature.time.bestSignatureTime,
      Indication: signature.indication,
      SubIndication: signature.subIndication ?? "",
    }));
    const message = signatures.length === 0 ? LEGACY_MESSAGES.verifyNone : VERDICTS[report.indication];
    return JSON.stringify({ Status: report.indication === "TOTAL_PASSED" ? LEGACY_STATUS_OK : LEGACY_STATUS_FAILED, Message: message, Indication: report.indication, Signatures: signatures });
  } catch (error) {
    const { code, message } = legacyFailureOf(error);
    return JSON.stringify({ Status: LEGACY_STATUS_FAILED, Message: message, ErrorCode: code, Signatures: [] });
  }
}
