import browser from "webextension-polyfill";
import type { AppearanceProfile } from "../../shared/appearance/appearance-options.js";
import type { KysoSettings } from "../../shared/policy/settings.js";
import { base64ToBytes, bytesToBase64 } from "../../shared/protocol/base64-codec.js";
import { CONFIRM_MAX_INLINE_PREVIEW_BYTES, type ConfirmDocument, type ConfirmStage } from "../../shared/protocol/confirmation.js";
import { documentNameFromUrl } from "../../shared/protocol/document-name.js";
import { asKysoError, KysoError } from "../../shared/protocol/kyso-error.js";
import type { CertificateEntry } from "../../shared/protocol/methods/keys.js";
import type { PortSignDocument, PortSignRequest, PortSignResponse, PortSignResult } from "../../shared/protocol/page-api.js";
import { signBatch, type DocumentOutcome } from "./batch-signing.js";
import { listKeys } from "./certificate-listing.js";
import { ConfirmationWindow } from "./confirmation-window.js";
import type { PortalPolicy } from "./policy-settings.js";
import { fetchPortalDocument, uploadSignedDocument } from "./portal-http.js";
import { readPortalDocument, type PortalDocument } from "./portal-document.js";
import { SidecarError, type SidecarConnection } from "./sidecar-connection.js";
import { signingKeyOf } from "./signing-key.js";
import { planSigningLevel, type SigningLevelPlan } from "./signing-level.js";
import { LOCAL_SIGNER_IMAGE_KEY } from "../../shared/policy/local-settings.js";
import { allowedUrl } from "./url-rules.js";

export interface SignFlowContext {
  /** The requesting frame's origin and URL, from the browser (port.sender), never from the page. */
  origin: string;
  frameUrl: string;
  portal: PortalPolicy;
  settings: KysoSettings;
  sidecar: SidecarConnection;
  signal: AbortSignal;
  /** Progress for the page (kyso.progress). */
  onProgress: (progress: { done: number; total: number; stage: ConfirmStage }) => void;
}

type Failure = { index: number; name: string; error: KysoError };

/** Per-document failures carry the message in the person's language, as whole-request refusals do (page-requests.ts). */
const failureResult = (name: string, error: KysoError): PortSignResult => ({ name, ok: false, code: error.code, message: browser.i18n.getMessage(`error_${error.code}`) || error.message });

const nameFromUrl = (url: URL): string => documentNameFromUrl(url, "document.pdf");

/** Fetches or decodes each document and reads what the confirmation needs; per-document failures are kept. */
async function gatherDocuments(request: PortSignRequest, context: SignFlowContext, profile: AppearanceProfile): Promise<{ documents: PortalDocument[]; failures: Failure[] }> {
  // Every URL is checked before anything is fetched: one foreign URL refuses the whole request.
  const urls = request.documents.map((document) => ("url" in document ? allowedUrl({ url: document.url, frameUrl: context.frameUrl, pageOrigin: context.origin, portal: context.portal, settings: context.settings }) : undefined));
  const documents: PortalDocument[] = [];
  const failures: Failure[] = [];
  const total = request.documents.length;
  for (const [index, document] of request.documents.entries()) {
    context.onProgress({ done: index, total, stage: "fetching" });
    const url = urls[index];
    const name = document.name ?? (url ? nameFromUrl(url) : `document-${index + 1}.pdf`);
    try {
      const blob = url ? await fetchPortalDocument(url, context.signal) : new Blob([base64ToBytes((document as Extract<PortSignDocument, { bytes: string }>).bytes) as BlobPart]);
      const documentNumber = document.documentNumber ?? request.documentNumber;
      documents.push(await readPortalDocument({ index, name, blob, profile, ...(documentNumber ? { documentNumber } : {}), ...(request.placement ? { placement: request.placement } : {}) }));
    } catch (error) {
      context.signal.throwIfAborted();
      failures.push({ index, name, error: asKysoError(error) });
    }
  }
  return { documents, failures };
}

async function confirmDocument(document: PortalDocument): Promise<ConfirmDocument> {
  // The preview travels inline (Chromium's ports are JSON: base64); a service worker cannot make blob: URLs.
  const inline = document.blob.size <= CONFIRM_MAX_INLINE_PREVIEW_BYTES ? { bytes: bytesToBase64(new Uint8Array(await document.blob.arrayBuffer())) } : {};
  return {
    index: document.index,
    name: document.name,
    ...(document.documentNumber ? { documentNumber: document.documentNumber } : {}),
    pageCount: document.pageCount,
    sizeBytes: document.blob.size,
    ...inline,
    ...(document.defaultPlacement ? { defaultPlacement: document.defaultPlacement } : {}),
  };
}

/** The handwritten-signature image the person chose on the options page, if any. */
async function storedSignerImage(): Promise<Uint8Array | undefined> {
  const stored = (await browser.storage.local.get(LOCAL_SIGNER_IMAGE_KEY))[LOCAL_SIGNER_IMAGE_KEY];
  if (typeof stored !== "string" || stored === "") return undefined;
  try {
    return base64ToBytes(stored);
  } catch {
    return undefined;
  }
}

/** Signs until the person gets the PIN right, cancels, or something else fails. */
async function signConfirmed(options: { confirmation: ConfirmationWindow; documents: PortalDocument[]; certificates: CertificateEntry[]; request: PortSignRequest; profile: AppearanceProfile; plan: SigningLevelPlan; signerImagePng: Uint8Array | undefined; context: SignFlowContext }): Promise<DocumentOutcome[]> {
  const { confirmation, context, documents } = options;
  const total = documents.length;
  for (;;) {
    const decision = await confirmation.nextDecision();
    const certificate = options.certificates.find((entry) => entry.certificateId === decision.certificateId);
    if (!certificate) {
      // Only a window that is not ours could name one; the window shows KEY_NOT_FOUND as final, so the batch ends here too (waiting would hang the page's request).
      const failure = new KysoError("KEY_NOT_FOUND", "the chosen certificate is not in the list");
      confirmation.send({ type: "confirm.error", code: failure.code, message: failure.message });
      return documents.map((document) => ({ index: document.index, ok: false, error: failure }));
    }
    try {
      return await signBatch({
        documents,
        decision,
        key: signingKeyOf(certificate, context.settings.signing),
        profile: options.profile,
        settings: context.settings,
        plan: options.plan,
        ...(options.signerImagePng ? { signerImagePng: options.signerImagePng } : {}),
        ...(options.request.documentNumber ? { documentNumber: options.request.documentNumber } : {}),
        ...(options.request.comment ? { comment: options.request.comment } : {}),
        origin: context.origin,
        sidecar: context.sidecar,
        signal: context.signal,
        onProgress: (progress) => {
          confirmation.send({ type: "confirm.progress", ...progress, total });
          context.onProgress(progress);
        },
      });
    } catch (error) {
      const failure = asKysoError(error);
      const retriesLeft = failure instanceof SidecarError ? failure.retriesLeft : undefined;
      confirmation.send({ type: "confirm.error", code: failure.code, message: failure.message, ...(retriesLeft === undefined ? {} : { retriesLeft }) });
      // A wrong PIN keeps the window open for another try (contract §2); anything else ends the batch.
      if (failure.code === "PIN_INCORRECT" && retriesLeft !== 0) continue;
      return documents.map((document) => ({ index: document.index, ok: false, error: failure }));
    }
  }
}

async function deliver(outcome: DocumentOutcome, document: PortalDocument, options: { request: PortSignRequest; context: SignFlowContext }): Promise<PortSignResult> {
  if (!outcome.ok) return failureResult(document.name, outcome.error);
  const { upload } = options.request;
  if (!upload) return { name: document.name, ok: true, level: outcome.level, signed: bytesToBase64(new Uint8Array(await outcome.signed.arrayBuffer())) };
  const { context } = options;
  try {
    const url = allowedUrl({ url: upload.url, frameUrl: context.frameUrl, pageOrigin: context.origin, portal: context.portal, settings: context.settings });
    const answer = await uploadSignedDocument({ url, target: upload, signed: outcome.signed, fileName: document.name, signal: context.signal });
    if (answer.status < 200 || answer.status > 299) return failureResult(document.name, new KysoError("UPLOAD_FAILED", `HTTP ${answer.status}: ${answer.body.slice(0, 512)}`));
    return { name: document.name, ok: true, level: outcome.level, upload: answer };
  } catch (error) {
    return failureResult(document.name, asKysoError(error));
  }
}

/**
 * window.kyso.sign from fetch to delivery: documents fetched (allowed URLs only) and read →
 * the trusted confirmation window → prepared, ONE sign.digest for the batch, timestamped and
 * embedded → uploaded to the page's target or returned to it. Per-document failures are
 * results; a refusal of the whole request (URL_NOT_ALLOWED, CANCELLED, no sidecar) rejects.
 */
export async function runSignFlow(request: PortSignRequest, context: SignFlowContext, profile: AppearanceProfile = request.profile): Promise<PortSignResponse> {
  if (request.upload) allowedUrl({ url: request.upload.url, frameUrl: context.frameUrl, pageOrigin: context.origin, portal: context.portal, settings: context.settings });
  const { documents, failures } = await gatherDocuments(request, context, profile);
  const results = new Array<PortSignResult>(request.documents.length);
  for (const failure of failures) results[failure.index] = failureResult(failure.name, failure.error);
  if (documents.length === 0) return { results };
  const { certificates } = await listKeys(context.sidecar, { settings: context.settings, signal: context.signal });
  // A TSA that is down is known before anyone types a PIN (signing-level.ts).
  const plan = await planSigningLevel({ settings: context.settings, sidecar: context.sidecar, signal: context.signal });
  const signerImagePng = await storedSignerImage();
  const confirmation = await ConfirmationWindow.open(
    {
      origin: context.origin,
      ...(context.portal.name ? { siteName: context.portal.name } : {}),
      profile,
      documents: await Promise.all(documents.map(confirmDocument)),
      certificates,
      pinMode: "pin",
    },
    context.signal,
  );
  let failure: unknown;
  try {
    const outcomes = await signConfirmed({ confirmation, documents, certificates, request, profile, plan, signerImagePng, context });
    for (const [position, outcome] of outcomes.entries()) {
      const document = documents[position]!;
      if (request.upload) context.onProgress({ done: position, total: documents.length, stage: "uploading" });
      results[document.index] = await deliver(outcome, document, { request, context });
    }
    confirmation.send({ type: "confirm.done", results: documents.map((document) => doneEntry(results[document.index]!)) });
    return { results };
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    // The page went away mid-flow: the window has nothing left to confirm. Otherwise it shows
    // the result, or why the flow failed if it never got that far.
    if (context.signal.aborted) await confirmation.close();
    else confirmation.finish(failure);
  }
}

function doneEntry(result: PortSignResult): { name: string; ok: boolean; code?: KysoError["code"] } {
  return result.ok ? { name: result.name, ok: true } : { name: result.name, ok: false, code: result.code };
}
