import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { PAGE_SIGN_MAX_DOCUMENTS } from "../../../shared/protocol/page-api.js";
import { vietnamClock } from "../../../shared/appearance/vietnam-time.js";
import { LEGACY_MESSAGES } from "./legacy-messages.js";

/** One document of a legacy call: a URL the page can fetch, or "let the user pick a file". */
export type LegacyDocument = { kind: "url"; url: string; name?: string; fileId?: string } | { kind: "browse" };

/** What a legacy `vgca_*` JSON string says, checked and normalised. */
export interface LegacySignParams {
  uploadUrl: string;
  /** The portal's session id for the old service, which ran outside the browser and had no cookies. */
  sessionId?: string;
  jwtToken?: string;
  documents: LegacyDocument[];
  /** Set when the page sent `Files` (vgca_sign_files): the callback then lists every file. */
  batch: boolean;
  documentNumber?: string;
  /** YYYY-MM-DD, Vietnam time. */
  documentDate?: string;
  /** The date as the page sent it, echoed back in DocumentDate. */
  documentDateText?: string;
  comment?: string;
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);
const bad = (message: string) => new KysoError("BAD_REQUEST", message);

/** A text field: portals send strings, sometimes numbers (DocNumber: 79); anything else is absent. */
function text(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** Absolute http(s) URL, relative ones resolved against the page (the old service needed absolute ones). */
function httpUrl(value: string, baseUrl: string, message: string): string {
  let url: URL;
  try {
    url = new URL(value, baseUrl);
  } catch {
    throw bad(message);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw bad(message);
  return url.href;
}

/** The last path segment, decoded: what the confirmation window shows when the page gave no name. */
function nameFromUrl(url: string): string | undefined {
  const segment = new URL(url).pathname.split("/").filter(Boolean).pop();
  if (!segment) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * IssuedDate as portals send it: "" (none), ISO 8601 with or without offset (also what
 * JSON.stringify(new Date()) gives), or the Vietnamese "dd/MM/yyyy". Returns YYYY-MM-DD in
 * Vietnam time; a date that cannot be read is left out rather than failing the signature.
 */
export function legacyIssuedDate(value: unknown): string | undefined {
  const raw = text(value);
  if (!raw) return undefined;
  const vietnamese = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
  if (vietnamese) {
    const [, day, month, year] = vietnamese;
    const date = `${year}-${month!.padStart(2, "0")}-${day!.padStart(2, "0")}`;
    return Number.isNaN(Date.parse(date)) ? undefined : date;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return Number.isNaN(Date.parse(raw)) ? undefined : raw;
  const instant = Date.parse(raw);
  if (Number.isNaN(instant)) return undefined;
  const { year, month, day } = vietnamClock(new Date(instant));
  return `${year}-${month}-${day}`;
}

/** MetaData is `[{Key, Value}]` in most portals; some send an object. A comment may travel in it. */
function metaDataEntries(metaData: unknown): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  if (Array.isArray(metaData)) {
    for (const item of metaData) if (isObject(item) && typeof item.Key === "string") entries.set(item.Key.toLowerCase(), item.Value);
  } else if (isObject(metaData)) {
    for (const [key, value] of Object.entries(metaData)) entries.set(key.toLowerCase(), value);
  }
  return entries;
}

/** `Files` sits at the top level in portals' code, under MetaData in some integration guides: accept both. */
function filesOf(params: JsonObject): unknown {
  if (params.Files !== undefined) return params.Files;
  return isObject(params.MetaData) ? params.MetaData.Files : undefined;
}

function batchDocuments(files: unknown, baseUrl: string): LegacyDocument[] {
  if (!Array.isArray(files) || files.length === 0) throw bad(LEGACY_MESSAGES.noFiles);
  if (files.length > PAGE_SIGN_MAX_DOCUMENTS) throw bad(LEGACY_MESSAGES.tooManyFiles);
  return files.map((file: unknown): LegacyDocument => {
    if (!isObject(file)) throw bad(LEGACY_MESSAGES.badFileEntry);
    // URL is the link; FileName is often a display name ("Giấy khai sinh"), sometimes the link itself.
    const fileName = text(file.FileName);
    const link = text(file.URL) ?? fileName;
    if (!link) throw bad(LEGACY_MESSAGES.badFileEntry);
    const url = httpUrl(link, baseUrl, LEGACY_MESSAGES.badDocumentUrl);
    const fileId = text(file.FileID);
    const name = fileName && fileName !== link ? fileName : nameFromUrl(url);
    return { kind: "url", url, ...(name ? { name } : {}), ...(fileId ? { fileId } : {}) };
  });
}

function singleDocument(fileName: string | undefined, baseUrl: string): LegacyDocument {
  // An empty FileName asked the old service to open a file chooser on the user's disk.
  if (!fileName) return { kind: "browse" };
  const url = httpUrl(fileName, baseUrl, LEGACY_MESSAGES.badDocumentUrl);
  const name = nameFromUrl(url);
  return { kind: "url", url, ...(name ? { name } : {}) };
}

/**
 * Reads the JSON string a portal passes to `vgca_*` (or sends on the plugin's WebSocket):
 * FileUploadHandler, SessionId, JWTToken, FileName (the document URL), DocNumber,
 * IssuedDate, MetaData, and Files for a batch. Throws KysoError BAD_REQUEST with a
 * Vietnamese message when it cannot be used.
 */
export function parseLegacyParams(input: unknown, baseUrl: string): LegacySignParams {
  let params: unknown = input;
  if (typeof input === "string") {
    try {
      params = JSON.parse(input);
    } catch {
      throw bad(LEGACY_MESSAGES.notJson);
    }
  }
  if (!isObject(params)) throw bad(LEGACY_MESSAGES.notObject);
  const uploadText = text(params.FileUploadHandler);
  if (!uploadText) throw bad(LEGACY_MESSAGES.noUploadHandler);
  const uploadUrl = httpUrl(uploadText, baseUrl, LEGACY_MESSAGES.badUploadHandler);
  const files = filesOf(params);
  const batch = files !== undefined;
  const documents = batch ? batchDocuments(files, baseUrl) : [singleDocument(text(params.FileName), baseUrl)];
  const meta = metaDataEntries(params.MetaData);
  const sessionId = text(params.SessionId);
  const jwtToken = text(params.JWTToken);
  const documentNumber = text(params.DocNumber) ?? text(meta.get("docnumber"));
  const documentDateText = text(params.IssuedDate);
  const documentDate = legacyIssuedDate(params.IssuedDate);
  const comment = text(params.Comment) ?? text(meta.get("comment"));
  return {
    uploadUrl,
    documents,
    batch,
    ...(sessionId ? { sessionId } : {}),
    ...(jwtToken ? { jwtToken } : {}),
    ...(documentNumber ? { documentNumber } : {}),
    ...(documentDate ? { documentDate } : {}),
    ...(documentDateText ? { documentDateText } : {}),
    ...(comment ? { comment } : {}),
  };
}
