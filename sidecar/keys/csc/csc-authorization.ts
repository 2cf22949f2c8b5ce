import { randomInt } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { KeyEvent } from "../key-source.js";
import type { CscClient } from "./csc-client.js";
import { handleSchema, readAnswer, sadSchema, type CscCredentialInfo } from "./csc-messages.js";

const DEFAULT_APPROVAL_TIMEOUT_MS = 180_000;
const DEFAULT_POLL_INTERVAL_MS = 1_000;
/** A SAD this close to its end is renewed before use rather than refused by the service. */
const SAD_EXPIRY_MARGIN_MS = 5_000;

/** Signature Activation Data for a number of signatures (CSC API v2 §8.2). */
export interface Sad {
  value: string;
  expiresAtMs: number;
}

export interface AuthorizeRequest {
  credentialId: string;
  /** credentials/info of the credential: which authentication objects it takes. */
  info: CscCredentialInfo;
  numSignatures: number;
  /** Raw digests, required by SCAL2 (the SAD is bound to them), optional with SCAL1. */
  hashes?: Uint8Array[];
  hashAlgorithmOID: string;
  /** PIN or OTP bytes, for the credential's in-band authentication object. */
  secret?: Uint8Array;
  /** Shown on the phone and by kyso: the person compares the two before approving. */
  approvalCode: string;
}

export interface ApprovalOptions {
  onEvent?: (event: KeyEvent) => void;
  signal?: AbortSignal;
}

/** A short transaction code, sent in the authorisation's description and shown beside it by kyso. */
export function newApprovalCode(): string {
  return String(randomInt(0, 10_000)).padStart(4, "0");
}

/**
 * authData for credentials/authorize (CSC API v2 §8.3): the PIN or OTP for the one in-band
 * Password/ChallengeResponse object, and an empty object for each out-of-band one (the
 * "approve on your phone" kind), which tells the service to ask the person itself.
 */
function authDataFor(info: CscCredentialInfo, secret: Uint8Array | undefined): Array<{ id: string; value?: string }> {
  const mode = info.auth?.mode ?? info.authMode ?? "explicit";
  if (mode === "oauth2code") throw new KysoError("KEY_UNSUPPORTED", "this CSC credential is authorised through the OAuth 2.0 authorization-code flow, which kyso does not offer yet");
  const objects = info.auth?.objects ?? [];
  const inBand = objects.filter((o) => (o.type === "Password" || o.type === "ChallengeResponse") && o.generator === undefined);
  if (inBand.length > 1) throw new KysoError("KEY_UNSUPPORTED", `this CSC credential needs ${inBand.map((o) => o.id).join(" and ")} together; kyso takes one PIN or OTP`);
  const data: Array<{ id: string; value?: string }> = objects.filter((o) => o.type.endsWith("OOB")).map((o) => ({ id: o.id }));
  const [pin] = inBand;
  if (pin) {
    if (!secret || secret.length === 0) throw new KysoError("PIN_REQUIRED", `the CSC credential needs its ${pin.label ?? pin.id}`);
    data.unshift({ id: pin.id, value: new TextDecoder().decode(secret) });
  }
  return data;
}

function sadFrom(body: unknown, method: string): Sad {
  const answer = readAnswer(sadSchema, body, method);
  return { value: answer.SAD, expiresAtMs: Date.now() + (answer.expiresIn ?? 3600) * 1000 };
}

export function sadUsable(sad: Sad | undefined): sad is Sad {
  return sad !== undefined && Date.now() < sad.expiresAtMs - SAD_EXPIRY_MARGIN_MS;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

/**
 * credentials/authorize, and when the service answers 202 (the person must approve on their
 * phone, CSC API v2 §11.7 and §13.5) credentials/authorizeCheck until a SAD, a refusal, the
 * service's expiry or kyso's own time-out; the caller's signal cancels the wait.
 */
export async function authorizeCredential(client: CscClient, request: AuthorizeRequest, options: ApprovalOptions): Promise<Sad> {
  const description = `kyso: ký ${request.numSignatures} văn bản — mã xác nhận ${request.approvalCode} / signing ${request.numSignatures} document(s), code ${request.approvalCode}`;
  const first = await client.call("credentials/authorize", {
    credentialID: request.credentialId,
    numSignatures: request.numSignatures,
    ...(request.hashes ? { hashes: request.hashes.map(base64) } : {}),
    hashAlgorithmOID: request.hashAlgorithmOID,
    authData: authDataFor(request.info, request.secret),
    description,
  });
  if (first.status === 200) return sadFrom(first.body, "credentials/authorize");

  const timeoutMs = client.settings.approvalTimeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  options.onEvent?.({ kind: "awaiting-approval", provider: "csc", code: request.approvalCode, expiresAt: new Date(deadline).toISOString(), serviceName: client.serviceName });
  let handle = readAnswer(handleSchema, first.body, "credentials/authorize").handle;
  for (;;) {
    const wait = Math.min(client.settings.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, Math.max(0, deadline - Date.now()));
    try {
      await sleep(wait, undefined, options.signal ? { signal: options.signal } : {});
    } catch (error) {
      throw new KysoError("CANCELLED", "waiting for the approval on the phone was cancelled", { cause: error });
    }
    if (Date.now() >= deadline) throw new KysoError("TIMEOUT", `no approval on the phone within ${Math.round(timeoutMs / 1000)} s`);
    const check = await client.call("credentials/authorizeCheck", { handle });
    if (check.status === 200) {
      options.onEvent?.({ kind: "approved", provider: "csc" });
      return sadFrom(check.body, "credentials/authorizeCheck");
    }
    handle = readAnswer(handleSchema, check.body, "credentials/authorizeCheck").handle;
  }
}

/** credentials/extendTransaction (CSC API v2 §13.12): the next SCAL2 hash of a transaction under the SAD already approved. */
export async function extendTransaction(client: CscClient, request: { credentialId: string; sad: Sad; hashes: Uint8Array[]; hashAlgorithmOID: string }): Promise<Sad> {
  const answer = await client.call("credentials/extendTransaction", {
    credentialID: request.credentialId, SAD: request.sad.value, hashes: request.hashes.map(base64), hashAlgorithmOID: request.hashAlgorithmOID,
  });
  return sadFrom(answer.body, "credentials/extendTransaction");
}
