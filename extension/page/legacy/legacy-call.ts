import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { PageSignRequest, PageSignResponse, PageVerifyRequest, SignProfile } from "../../../shared/protocol/page-api.js";
import { LEGACY_MESSAGES } from "./legacy-messages.js";
import { parseLegacyParams, type LegacySignParams } from "./legacy-params.js";
import { legacyBatchFailure, legacyBatchResult, legacyDocumentResult, legacyFailureResult } from "./legacy-result.js";
import { legacySignRequest } from "./legacy-sign-request.js";

/** The part of window.kyso the shim uses. */
export interface LegacyPageApi {
  sign(request: PageSignRequest): Promise<PageSignResponse>;
  verify(request: PageVerifyRequest): Promise<unknown>;
}

export interface LocalPdf {
  bytes: Uint8Array;
  name: string;
}

export interface LegacyCallContext {
  /** window.kyso, looked up at call time: the page API script may be installed after the shim. */
  pageApi(): LegacyPageApi | undefined;
  /** The page's URL, against which relative document and upload URLs resolve. */
  baseUrl(): string;
  /** The file chooser the old service opened when FileName was empty; undefined when the user closed it. */
  pickLocalPdf(): Promise<LocalPdf | undefined>;
}

/** window.kyso, or NOT_AVAILABLE_YET with the Vietnamese text when the page API script is not (yet) there. */
export function requirePageApi(context: LegacyCallContext): LegacyPageApi {
  const api = context.pageApi();
  if (!api) throw new KysoError("NOT_AVAILABLE_YET", LEGACY_MESSAGES.noKyso);
  return api;
}

async function resolveDocuments(params: LegacySignParams, context: LegacyCallContext): Promise<PageSignRequest["documents"]> {
  const documents: PageSignRequest["documents"] = [];
  for (const document of params.documents) {
    if (document.kind === "url") {
      documents.push({ url: document.url, ...(document.name ? { name: document.name } : {}), ...(params.documentNumber ? { documentNumber: params.documentNumber } : {}) });
      continue;
    }
    const picked = await context.pickLocalPdf();
    if (!picked) throw new KysoError("CANCELLED", LEGACY_MESSAGES.noFileChosen);
    documents.push({ bytes: picked.bytes, name: picked.name, ...(params.documentNumber ? { documentNumber: params.documentNumber } : {}) });
  }
  return documents;
}

/**
 * One legacy signing call, start to callback: parse the portal's JSON, sign with kyso (the
 * confirmation window, the PIN), let kyso upload to FileUploadHandler, and answer the JSON
 * string the portal's callback parses. Never throws: every failure is a Status ≠ 0 answer.
 * A JSON with `Files` is a batch (vgca_sign_files) and answers with one entry per file.
 */
export async function runLegacySign(profile: SignProfile, input: unknown, context: LegacyCallContext): Promise<string> {
  let params: LegacySignParams | undefined;
  try {
    params = parseLegacyParams(input, context.baseUrl());
    const api = requirePageApi(context);
    const request = legacySignRequest(params, profile, await resolveDocuments(params, context));
    const response = await api.sign(request);
    return JSON.stringify(params.batch ? legacyBatchResult(params, response.results) : legacyDocumentResult(params, response.results[0]));
  } catch (error) {
    return JSON.stringify(params?.batch ? legacyBatchFailure(error, params) : legacyFailureResult(error, params));
  }
}
