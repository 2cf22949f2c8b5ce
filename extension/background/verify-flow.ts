import { nobleHasherFactory } from "../../shared/cms/incremental-hasher.js";
import { blobByteSource } from "../../shared/pdf/byte-source.js";
import { base64ToBytes } from "../../shared/protocol/base64-codec.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import { portVerifyRequestSchema } from "../../shared/protocol/page-api.js";
import { verificationJson, type DocumentJson } from "../../shared/verify/verification-json.js";
import { verifyDocument } from "../../shared/verify/verify-document.js";
import { fetchPortalDocument } from "./portal-http.js";
import type { SignFlowContext } from "./sign-flow.js";
import { SidecarValidationData } from "./sidecar-validation-data.js";
import { allowedUrl } from "./url-rules.js";

/** The sign flow's context without progress: verification shows no window and reports at once. */
export type VerifyFlowContext = Omit<SignFlowContext, "onProgress">;

/** Online revocation relayed by the sidecar, when policy says online. */
function onlineTransport(context: Pick<VerifyFlowContext, "settings" | "sidecar" | "signal">): SidecarValidationData | undefined {
  if (context.settings.trust.revocation !== "online") return undefined;
  return new SidecarValidationData({ sidecar: context.sidecar, signal: context.signal });
}

/**
 * window.kyso.verify({ document }): the shared verifier (the one `kyso verify` and the portal
 * run) over the document in a Blob, with the policy's trust anchors and fail mode, revocation
 * online through the sidecar when policy says online. Answers `kyso verify --json`'s report.
 * Nothing is signed, so no confirmation: the page learns only what the file itself says.
 */
export async function runVerifyFlow(params: unknown, context: VerifyFlowContext): Promise<DocumentJson> {
  const parsed = portVerifyRequestSchema.safeParse(params);
  if (!parsed.success) throw new KysoError("BAD_REQUEST", "verify takes { document: { url } | { bytes } }");
  const { document } = parsed.data;
  const blob =
    "url" in document
      ? await fetchPortalDocument(allowedUrl({ url: document.url, frameUrl: context.frameUrl, pageOrigin: context.origin, portal: context.portal, settings: context.settings }), context.signal)
      : new Blob([base64ToBytes(document.bytes) as BlobPart]);
  return verifyPdfBlob(blob, context);
}

/**
 * The shared verifier over a PDF in a Blob with the policy's trust anchors and fail mode,
 * revocation online through the sidecar when policy says online — for the page API and for
 * attachments of incoming mail (extension/background/mail/incoming-attachments.ts).
 */
export async function verifyPdfBlob(blob: Blob, context: Pick<VerifyFlowContext, "settings" | "sidecar" | "signal">): Promise<DocumentJson> {
  const transport = onlineTransport(context);
  const result = await verifyDocument({
    source: blobByteSource(blob),
    trustAnchorsPem: context.settings.trust.anchorsPem.filter((pem) => pem.trim() !== ""),
    createHasher: nobleHasherFactory,
    revocationHardFail: context.settings.trust.failMode === "hard",
    ...(transport ? { transport } : {}),
  });
  return verificationJson(result);
}
