import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { KeyEvent } from "../key-source.js";
import type { MssConfig } from "./mss-config.js";
import { buildSignatureRequest, buildStatusRequest, parseMssAnswer, type MssAnswer } from "./mss-messages.js";
import { describeMssStatus, meaningOfMssStatus, mssStatusError } from "./mss-status-codes.js";
import { postSoap } from "./soap-http-transport.js";

/**
 * One mobile signature in asynchronous client-server mode (TS 102 204 §5.1.2): MSS_Signature
 * is answered at once with REQUEST_OK and an MSSP_TransID, then MSS_StatusQuery is polled
 * until the user has approved (SIGNATURE / VALID_SIGNATURE), refused, or the MSSP gave up.
 * TS 102 204 has no operation for the AP to withdraw a request, so cancelling stops polling
 * and the phone's prompt ends with the MSSP's own TimeOut.
 */
export interface MssTransactionRequest {
  config: MssConfig;
  msisdn: string;
  dataToBeSigned: Uint8Array;
  dataToBeDisplayed: string;
  /** The code inside dataToBeDisplayed, reported in the awaiting-approval event. */
  code: string;
  signal?: AbortSignal;
  onEvent?: (event: KeyEvent) => void;
}

/**
 * After the TimeOut it asked for, kyso polls this many more times (10 s at the default
 * interval): by then the MSSP should have answered EXPIRED_TRANSACTION itself; if it has
 * not, kyso reports its own TIMEOUT.
 */
const EXPIRY_GRACE_POLLS = 5;

/** AP_TransID is an xs:NCName (a letter first) unique per AP; 64 random bits never repeat in practice. */
function newApTransId(): string {
  return `kyso.${randomBytes(8).toString("hex")}`;
}

function cancelled(): KysoError {
  return new KysoError("CANCELLED", "PKI SIM signing cancelled");
}

async function exchange(request: MssTransactionRequest, kind: "signature" | "status", msspTransId?: string): Promise<MssAnswer> {
  const { config } = request;
  const header = { apTransId: newApTransId(), instant: new Date() };
  const envelope = kind === "signature"
    ? buildSignatureRequest(config, { ...header, msisdn: request.msisdn, dataToBeSigned: request.dataToBeSigned, dataToBeDisplayed: request.dataToBeDisplayed })
    : buildStatusRequest(config, { ...header, msspTransId: msspTransId! });
  const xml = await postSoap({
    url: kind === "signature" ? config.signatureUrl : config.statusUrl,
    version: config.soapVersion,
    action: kind === "signature" ? "#MSS_Signature" : "#MSS_StatusQuery",
    envelope,
    ...(request.signal ? { signal: request.signal } : {}),
  });
  return parseMssAnswer(xml, kind === "signature" ? "MSS_SignatureResp" : "MSS_StatusResp");
}

function signatureOf(answer: MssAnswer): Uint8Array {
  if (!answer.signature) throw new KysoError("REMOTE_SIGNING_FAILED", `${describeMssStatus(answer.statusCode, answer.statusMessage)} without MSS_Signature`);
  return answer.signature;
}

/** Runs the transaction; resolves with MSS_Signature's bytes (see mss-signature-value.ts for their meaning). */
export async function runMssTransaction(request: MssTransactionRequest): Promise<Uint8Array> {
  const { config } = request;
  const started = Date.now();
  const first = await exchange(request, "signature");
  const firstMeaning = meaningOfMssStatus(first.statusCode);
  if (firstMeaning === "signed") return signatureOf(first);
  if (firstMeaning !== "accepted") throw mssStatusError(first.statusCode, first.statusMessage);
  if (!first.msspTransId) throw new KysoError("REMOTE_SIGNING_FAILED", "the MSSP accepted the request without an MSSP_TransID");

  const expiresAt = new Date(started + config.timeoutSeconds * 1000);
  request.onEvent?.({ kind: "awaiting-approval", provider: "mss", code: request.code, expiresAt: expiresAt.toISOString() });
  const giveUpAt = expiresAt.getTime() + EXPIRY_GRACE_POLLS * config.pollIntervalMs;
  for (;;) {
    try {
      await sleep(config.pollIntervalMs, undefined, request.signal ? { signal: request.signal } : {});
    } catch {
      throw cancelled();
    }
    if (Date.now() > giveUpAt) throw new KysoError("TIMEOUT", `no answer from the phone within ${config.timeoutSeconds} s (MSSP_TransID ${first.msspTransId})`);
    const status = await exchange(request, "status", first.msspTransId);
    switch (meaningOfMssStatus(status.statusCode)) {
      case "outstanding":
      case "accepted":
        continue;
      case "signed":
        request.onEvent?.({ kind: "approved", provider: "mss" });
        return signatureOf(status);
      default:
        throw mssStatusError(status.statusCode, status.statusMessage);
    }
  }
}
