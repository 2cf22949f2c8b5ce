import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { KysoError } from "../protocol/kyso-error.js";
import { digest, DIGEST_OIDS, type HashAlgorithm } from "./algorithms.js";
import { ID_CT_TST_INFO, ID_DATA, ID_SIGNED_DATA } from "./cms-oids.js";
import { arrayBufferView, bytesEqual, DER_TAG, parseDer } from "./der.js";

/**
 * RFC 3161 time-stamp client. Isomorphic: the HTTP exchange (§3.4, POST
 * application/timestamp-query) is injected, so the sidecar applies policy URLs, proxies and
 * size caps. Everything that comes back is untrusted and fails with a typed error.
 */

export type TimestampRequestOptions = StampedInput & {
  hash: HashAlgorithm;
  /** Sends the DER TimeStampReq to the TSA and returns the DER TimeStampResp body. */
  post: (requestDer: Uint8Array) => Promise<Uint8Array>;
};

/**
 * What is stamped: the bytes themselves (e.g. the SignerInfo signature value, RFC 3161 App. A),
 * or their digest already computed (a document timestamp's ByteRange, hashed while streaming).
 */
type StampedInput = { data: Uint8Array; imprint?: never } | { imprint: Uint8Array; data?: never };

function invalidResponse(detail: string, cause?: unknown): KysoError {
  return new KysoError("TIMESTAMP_RESPONSE_INVALID", `timestamp response: ${detail}`, cause === undefined ? undefined : { cause });
}

/** RFC 3161 §2.4.1: a 64-bit random nonce, positive and minimally encoded (first octet 0x01–0x7f). */
function randomNonce(): Uint8Array<ArrayBuffer> {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(8));
  bytes[0] = bytes[0]! & 0x7f || 0x01;
  return bytes;
}

/** RFC 3161 §2.4.1 TimeStampReq: v1, the imprint, a nonce, certReq TRUE (so the token carries the TSA certificate). */
function timeStampRequestDer(options: { hash: HashAlgorithm; imprint: Uint8Array<ArrayBuffer>; nonce: Uint8Array<ArrayBuffer> }): Uint8Array {
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      // RFC 5754 §2: SHA-2 identifiers with absent parameters.
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: DIGEST_OIDS[options.hash] }),
      hashedMessage: new asn1js.OctetString({ valueHex: options.imprint }),
    }),
    nonce: new asn1js.Integer({ valueHex: options.nonce }),
    certReq: true,
  });
  return new Uint8Array(request.toSchema().toBER());
}

/** RFC 3161 §2.4.2: only granted (0) and grantedWithMods (1) carry a token. */
function assertGranted(status: pkijs.PKIStatusInfo): void {
  if (status.status === pkijs.PKIStatus.granted || status.status === pkijs.PKIStatus.grantedWithMods) return;
  const text = (status.statusStrings ?? []).map((s) => s.valueBlock.value).join("; ");
  const failInfo = status.failInfo ? ` failInfo=${Array.from(status.failInfo.valueBlock.valueHexView, (b) => b.toString(2).padStart(8, "0")).join("")}` : "";
  throw new KysoError("TIMESTAMP_REFUSED", `the timestamp authority refused the request (status ${status.status}${text ? `: ${text}` : ""}${failInfo})`);
}

function parseResponse(responseDer: Uint8Array): { response: pkijs.TimeStampResp; tokenDer: Uint8Array } {
  let tokenDer: Uint8Array | undefined;
  let response: pkijs.TimeStampResp;
  try {
    // RFC 3161 §2.4.2: TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken TimeStampToken OPTIONAL }.
    const element = parseDer(responseDer, "TimeStampResp");
    if (element.tag !== DER_TAG.sequence) throw new Error("not a SEQUENCE");
    const token = element.children[1];
    tokenDer = token ? new Uint8Array(token.der) : undefined;
    response = pkijs.TimeStampResp.fromBER(arrayBufferView(responseDer));
  } catch (error) {
    throw invalidResponse("not a TimeStampResp", error);
  }
  assertGranted(response.status);
  if (!tokenDer || !response.timeStampToken) throw invalidResponse("status is granted but there is no token");
  return { response, tokenDer };
}

function readTstInfo(token: pkijs.ContentInfo): { signedData: pkijs.SignedData; tstInfo: pkijs.TSTInfo } {
  try {
    if (token.contentType !== ID_SIGNED_DATA) throw new Error(`token content type ${token.contentType}`);
    const signedData = new pkijs.SignedData({ schema: token.content });
    // RFC 3161 §2.4.2: the token's eContentType is id-ct-TSTInfo and its eContent the DER TSTInfo.
    const { eContentType, eContent } = signedData.encapContentInfo;
    if (eContentType !== ID_CT_TST_INFO || !eContent) throw new Error(`token eContentType ${eContentType}`);
    return { signedData, tstInfo: pkijs.TSTInfo.fromBER(eContent.getValue()) };
  } catch (error) {
    throw invalidResponse("the token is not an RFC 3161 TimeStampToken", error);
  }
}

/**
 * Integrity only: the TSA's signature over TSTInfo with the certificate the token carries.
 * Whether that TSA is trusted is for validation (chain to policy anchors, EKU), not here.
 */
async function assertTokenSignature(token: { signedData: pkijs.SignedData; tokenDer: Uint8Array }, stamped: StampedInput): Promise<void> {
  const { signedData } = token;
  let valid: boolean;
  try {
    if (stamped.data) {
      // pkijs insists on the stamped data for a TSTInfo token (it re-checks the imprint with it).
      valid = await signedData.verify({ signer: 0, checkChain: false, data: new Uint8Array(stamped.data).buffer });
    } else {
      // Only the imprint is known (compared by the caller already). Seen as plain id-data,
      // pkijs checks what remains: messageDigest over the encapsulated TSTInfo and the TSA's
      // signature over the signed attributes (RFC 5652 §5.4).
      // Parsed afresh: pkijs verifies the signed attributes as they were read, not re-encoded.
      const asData = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(arrayBufferView(token.tokenDer)).content });
      asData.encapContentInfo.eContentType = ID_DATA;
      valid = await asData.verify({ signer: 0, checkChain: false });
    }
  } catch (error) {
    throw invalidResponse("the token's signature cannot be checked", error);
  }
  if (!valid) throw invalidResponse("the token's signature does not verify");
}

/**
 * Asks a TSA for a token over `data` and returns the TimeStampToken (ContentInfo) DER
 * exactly as the TSA encoded it. Checks what RFC 3161 §2.4.2 makes the requester check:
 * status, the echoed nonce and that the imprint is the one requested.
 */
export async function requestTimestampToken(options: TimestampRequestOptions): Promise<Uint8Array> {
  const imprint = options.data ? await digest(options.hash, options.data) : new Uint8Array(options.imprint);
  const nonce = randomNonce();
  const requestDer = timeStampRequestDer({ hash: options.hash, imprint, nonce });

  let responseDer: Uint8Array;
  try {
    responseDer = await options.post(requestDer);
  } catch (error) {
    if (error instanceof KysoError) throw error;
    throw new KysoError("TIMESTAMP_UNREACHABLE", "the timestamp authority could not be reached", { cause: error });
  }

  const { response, tokenDer } = parseResponse(responseDer);
  const { signedData, tstInfo } = readTstInfo(response.timeStampToken!);
  const { messageImprint } = tstInfo;
  if (messageImprint.hashAlgorithm.algorithmId !== DIGEST_OIDS[options.hash] || !bytesEqual(messageImprint.hashedMessage.valueBlock.valueHexView, imprint)) {
    throw invalidResponse("the token stamps a different message imprint than the one requested");
  }
  if (tstInfo.nonce?.toBigInt() !== new asn1js.Integer({ valueHex: nonce }).toBigInt()) {
    throw invalidResponse("the token does not echo the request's nonce");
  }
  await assertTokenSignature({ signedData, tokenDer }, options.data ? { data: options.data } : { imprint });
  return tokenDer;
}
