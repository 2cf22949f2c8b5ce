import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { cscAnswerError, cscTransportError } from "./csc-errors.js";

/** Certificates chains and a batch of signatures fit easily; anything larger is not a CSC answer. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

export interface CscRequest {
  /** The API method, for errors and logs. */
  method: string;
  url: string;
  /** CSC methods take JSON (§7.1); the OAuth 2.0 token endpoint a form (RFC 6749 §4.4.2). */
  body: { json: unknown } | { form: URLSearchParams };
  authorization?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** 200 (done) and 202 (authorization or signature still underway, §11.7, §11.12) are answers; anything else is an error. */
export interface CscAnswer {
  status: 200 | 202;
  body: unknown;
}

function parseJson(text: string, method: string): unknown {
  if (text === "") return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new KysoError("REMOTE_SIGNING_FAILED", `CSC ${method}: the answer is not JSON`, { cause: error });
  }
}

function errorFields(body: unknown): { error?: string; description?: string } {
  if (!(body instanceof Object)) return {};
  const { error, error_description: description } = body as { error?: unknown; error_description?: unknown };
  return { ...(typeof error === "string" ? { error } : {}), ...(typeof description === "string" ? { description: description.slice(0, 500) } : {}) };
}

/** One POST to a CSC service, with the caller's cancellation and a time-out of its own. */
export async function cscPost(request: CscRequest): Promise<CscAnswer> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const headers: Record<string, string> = { accept: "application/json" };
  if (request.authorization) headers.authorization = request.authorization;
  let response: Response;
  let text: string;
  try {
    if ("json" in request.body) headers["content-type"] = "application/json";
    response = await fetch(request.url, {
      method: "POST", headers, signal, redirect: "error",
      body: "json" in request.body ? JSON.stringify(request.body.json) : request.body.form,
    });
    const length = Number(response.headers.get("content-length") ?? 0);
    if (length > MAX_ANSWER_BYTES) throw new KysoError("REMOTE_SIGNING_FAILED", `CSC ${request.method}: an answer of ${length} bytes is too large`);
    text = await response.text();
  } catch (error) {
    if (error instanceof KysoError) throw error;
    throw cscTransportError({ method: request.method, error, cancelled: request.signal?.aborted === true, timedOut: timeout.aborted });
  }
  if (text.length > MAX_ANSWER_BYTES) throw new KysoError("REMOTE_SIGNING_FAILED", `CSC ${request.method}: the answer is too large`);
  const body = parseJson(text, request.method);
  if (response.status === 200 || response.status === 202) return { status: response.status, body };
  throw cscAnswerError({ method: request.method, status: response.status, ...errorFields(body) });
}
