import type { PageSignRequest, SignProfile } from "../../../shared/protocol/page-api.js";
import type { LegacySignParams } from "./legacy-params.js";

/** The multipart field the old service posted the signed file in; portals' handlers read it. */
export const LEGACY_UPLOAD_FIELD = "uploadfile";

/**
 * Headers for the upload. JWTToken authenticated the old service (which ran outside the
 * browser) to the portal as a bearer token. SessionId did the same for cookie sessions: kyso
 * needs no header for it, because the upload goes with the page's own cookies (contract §1)
 * — and a page cannot set a Cookie header anyway (a forbidden header name for fetch).
 */
export function legacyUploadHeaders(params: LegacySignParams): Record<string, string> {
  if (!params.jwtToken) return {};
  const token = params.jwtToken.replace(/^Bearer\s+/i, "");
  return { Authorization: `Bearer ${token}` };
}

/** The page API request for a legacy call, its documents already resolved (URL or picked bytes). */
export function legacySignRequest(params: LegacySignParams, profile: SignProfile, documents: PageSignRequest["documents"]): PageSignRequest {
  const headers = legacyUploadHeaders(params);
  return {
    documents,
    profile,
    ...(params.documentNumber ? { documentNumber: params.documentNumber } : {}),
    ...(params.documentDate ? { documentDate: params.documentDate } : {}),
    ...(params.comment ? { comment: params.comment } : {}),
    upload: { url: params.uploadUrl, fieldName: LEGACY_UPLOAD_FIELD, ...(Object.keys(headers).length > 0 ? { headers } : {}) },
  };
}
