import { isErrorCode, type ErrorCode } from "../../../shared/protocol/error-codes.js";
import { ERROR_MESSAGES } from "../../../shared/protocol/error-messages.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { PageSignResponse } from "../../../shared/protocol/page-api.js";
import { LEGACY_MESSAGES } from "./legacy-messages.js";
import type { LegacyDocument, LegacySignParams } from "./legacy-params.js";

/** Portals test `Status == 0` for success; every failure is this one non-zero value, the kyso code beside it. */
export const LEGACY_STATUS_OK = 0;
export const LEGACY_STATUS_FAILED = 1;

/** The JSON the old service handed the page's callback (as a string) after one document. */
export interface LegacyCallbackResult {
  Status: number;
  Message: string;
  /** The stored file's name as the upload handler reported it, else the document's name. */
  FileName: string;
  /** The upload handler's response body, verbatim: portals parse their own handler's answer from it. */
  FileServer: string;
  DocumentNumber: string;
  DocumentDate: string;
  /** kyso's error code when Status ≠ 0 (an addition; portals that do not know it ignore it). */
  ErrorCode?: ErrorCode;
}

/** One file of a batch callback: FileSignedURL is the name portals read the upload answer under. */
export interface LegacyBatchFileResult {
  FileID: string;
  FileName: string;
  Status: number;
  Message: string;
  FileServer: string;
  FileSignedURL: string;
  ErrorCode?: ErrorCode;
}

export interface LegacyBatchCallbackResult extends Omit<LegacyCallbackResult, "FileName" | "FileServer"> {
  FileName: string;
  FileServer: string;
  Files: LegacyBatchFileResult[];
}

type SignResult = PageSignResponse["results"][number];

/** The Vietnamese text and code for anything a legacy call can fail with. */
export function legacyFailureOf(error: unknown): { code: ErrorCode; message: string } {
  // The shim's own checks carry a Vietnamese detail (legacy-messages.ts); kyso's rejections carry a code.
  if (error instanceof KysoError) return { code: error.code, message: error.message === error.code ? ERROR_MESSAGES[error.code].vi : error.message };
  const code = (error as { code?: unknown } | null)?.code;
  if (isErrorCode(code)) return { code, message: ERROR_MESSAGES[code].vi };
  return { code: "INTERNAL_ERROR", message: ERROR_MESSAGES.INTERNAL_ERROR.vi };
}

/**
 * What the upload handler answered. A 2xx whose JSON says `Status: false` (the CA's sample
 * handlers answer `{Status: true|false, Message, FileName, FileServer}`) is a refusal too.
 */
function uploadVerdict(upload: { status: number; body: string } | undefined): { ok: boolean; message?: string; fileName?: string } {
  if (!upload) return { ok: false, message: `${LEGACY_MESSAGES.uploadRefused}.` };
  let answer: unknown;
  try {
    answer = JSON.parse(upload.body);
  } catch {
    answer = undefined;
  }
  const fields = typeof answer === "object" && answer !== null ? (answer as Record<string, unknown>) : {};
  const message = typeof fields.Message === "string" && fields.Message !== "" ? fields.Message : undefined;
  const fileName = typeof fields.FileName === "string" && fields.FileName !== "" ? fields.FileName : undefined;
  const refused = upload.status < 200 || upload.status > 299 || fields.Status === false;
  if (refused) return { ok: false, message: `${LEGACY_MESSAGES.uploadRefused} (HTTP ${upload.status})${message ? `: ${message}` : "."}` };
  return { ok: true, ...(fileName ? { fileName } : {}) };
}

const documentName = (document: LegacyDocument | undefined, fallback: string) => (document?.kind === "url" ? (document.name ?? document.url) : fallback);

function echoes(params: LegacySignParams | undefined) {
  return { DocumentNumber: params?.documentNumber ?? "", DocumentDate: params?.documentDateText ?? params?.documentDate ?? "" };
}

export function legacyFailureResult(error: unknown, params?: LegacySignParams): LegacyCallbackResult {
  const { code, message } = legacyFailureOf(error);
  return { Status: LEGACY_STATUS_FAILED, Message: message, FileName: "", FileServer: "", ...echoes(params), ErrorCode: code };
}

/** One document's callback from kyso's per-document result. */
export function legacyDocumentResult(params: LegacySignParams, result: SignResult | undefined): LegacyCallbackResult {
  if (!result) return legacyFailureResult(new KysoError("INTERNAL_ERROR"), params);
  const fileServer = result.ok ? (result.upload?.body ?? "") : "";
  if (!result.ok) return { Status: LEGACY_STATUS_FAILED, Message: legacyFailureOf({ code: result.code }).message, FileName: result.name, FileServer: "", ...echoes(params), ErrorCode: result.code };
  const verdict = uploadVerdict(result.upload);
  if (!verdict.ok) return { Status: LEGACY_STATUS_FAILED, Message: verdict.message ?? LEGACY_MESSAGES.uploadRefused, FileName: result.name, FileServer: fileServer, ...echoes(params), ErrorCode: "UPLOAD_FAILED" };
  return { Status: LEGACY_STATUS_OK, Message: LEGACY_MESSAGES.signed, FileName: verdict.fileName ?? documentName(params.documents[0], result.name), FileServer: fileServer, ...echoes(params) };
}

/** The batch callback: Status 0 only when every file was signed and accepted by the upload handler. */
export function legacyBatchResult(params: LegacySignParams, results: readonly SignResult[]): LegacyBatchCallbackResult {
  const files = params.documents.map((document, index): LegacyBatchFileResult => {
    const single = legacyDocumentResult({ ...params, documents: [document] }, results[index]);
    const fileId = document.kind === "url" ? (document.fileId ?? String(index)) : String(index);
    return {
      FileID: fileId,
      FileName: documentName(document, single.FileName),
      Status: single.Status,
      Message: single.Message,
      FileServer: single.FileServer,
      FileSignedURL: single.FileServer,
      ...(single.ErrorCode ? { ErrorCode: single.ErrorCode } : {}),
    };
  });
  const allSigned = files.every((file) => file.Status === LEGACY_STATUS_OK);
  return {
    Status: allSigned ? LEGACY_STATUS_OK : LEGACY_STATUS_FAILED,
    Message: allSigned ? LEGACY_MESSAGES.batchSigned : LEGACY_MESSAGES.batchPartly,
    FileName: "",
    FileServer: "",
    ...echoes(params),
    Files: files,
  };
}

export function legacyBatchFailure(error: unknown, params?: LegacySignParams): LegacyBatchCallbackResult {
  return { ...legacyFailureResult(error, params), Files: [] };
}
