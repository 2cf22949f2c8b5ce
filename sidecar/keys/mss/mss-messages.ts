import type { Document, Element } from "@xmldom/xmldom";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { MssConfig } from "./mss-config.js";
import { MSS_STATUS_NAMES, mssStatusError } from "./mss-status-codes.js";
import { buildSoapEnvelope, findDescendant, firstChildNamed, parseSoapBody, readSoapFault, textOf } from "./soap-envelope.js";

/** TS 102 204 v1.1.2+ message namespace (the schema's targetNamespace), and FiCom's extensions. */
export const MSS_NS = "http://uri.etsi.org/TS102204/v1.1.2#";
const FICOM_NS = "http://mss.ficom.fi/TS102204/v1.0.0#";

/** MajorVersion/MinorVersion of every message (§5.2.1: this version of the interface is 1.1). */
const INTERFACE_VERSION = { major: "1", minor: "1" } as const;

export interface MssSignatureRequest {
  /** AP_TransID: an NCName unique per AP for the MSSP's duplicate detection (§5.2.1). */
  apTransId: string;
  instant: Date;
  msisdn: string;
  /** Bytes the SIM signs, sent base64 with MimeType application/octet-stream (see mss-key-source.ts). */
  dataToBeSigned: Uint8Array;
  /** UTF-8 text the phone shows before the user types the PIN. */
  dataToBeDisplayed: string;
}

export interface MssStatusRequest {
  apTransId: string;
  instant: Date;
  msspTransId: string;
}

/** The part of MSS_SignatureResp and MSS_StatusResp the asynchronous client needs. */
export interface MssAnswer {
  msspTransId?: string;
  statusCode: number;
  statusMessage?: string;
  /** MSS_Signature's content: Base64Signature, or the signature value of FiCom's PKCS1 element. */
  signature?: Uint8Array;
}

type ElementSpec = { name: string; attributes?: Record<string, string>; text?: string; children?: ElementSpec[] };

function appendMss(document: Document, parent: Element, spec: ElementSpec): void {
  const element = document.createElementNS(MSS_NS, `mss:${spec.name}`);
  for (const [name, value] of Object.entries(spec.attributes ?? {})) element.setAttribute(name, value);
  if (spec.text !== undefined) element.appendChild(document.createTextNode(spec.text));
  for (const child of spec.children ?? []) appendMss(document, element, child);
  parent.appendChild(element);
}

/**
 * Kiuru-derived MSSPs (and their WSDL) wrap the message in an RPC element named after the
 * operation, in no namespace: <MSS_Signature><mss:MSS_SignatureReq/></MSS_Signature>.
 */
function envelope(config: MssConfig, operation: string, message: ElementSpec): string {
  return buildSoapEnvelope(config.soapVersion, (document, body) => {
    const wrapper = document.createElementNS(null, operation);
    body.appendChild(wrapper);
    appendMss(document, wrapper, message);
  });
}

/** AP_Info then MSSP_Info: the MessageAbstractType every request starts with (§5.2.1). */
function messageHeader(config: MssConfig, request: { apTransId: string; instant: Date }): ElementSpec[] {
  const apInfo: Record<string, string> = { AP_ID: config.apId, AP_TransID: request.apTransId, Instant: request.instant.toISOString() };
  if (config.apPassword !== undefined) apInfo.AP_PWD = config.apPassword;
  return [
    { name: "AP_Info", attributes: apInfo },
    { name: "MSSP_Info", children: [{ name: "MSSP_ID", children: [{ name: "URI", text: config.msspId }] }] },
  ];
}

/** MSS_SignatureReq (§5.2.1) in asynchronous client-server mode (§5.1.2): the answer is REQUEST_OK and an MSSP_TransID to poll. */
export function buildSignatureRequest(config: MssConfig, request: MssSignatureRequest): string {
  const children: ElementSpec[] = [
    ...messageHeader(config, request),
    { name: "MobileUser", children: [{ name: "MSISDN", text: request.msisdn }] },
    { name: "DataToBeSigned", attributes: { MimeType: "application/octet-stream", Encoding: "base64" }, text: Buffer.from(request.dataToBeSigned).toString("base64") },
    { name: "DataToBeDisplayed", attributes: { MimeType: "text/plain", Encoding: "UTF-8" }, text: request.dataToBeDisplayed },
  ];
  if (config.signatureProfile) children.push({ name: "SignatureProfile", children: [{ name: "mssURI", text: config.signatureProfile }] });
  children.push({ name: "MSS_Format", children: [{ name: "mssURI", text: config.formatUri }] });
  return envelope(config, "MSS_Signature", {
    name: "MSS_SignatureReq",
    attributes: { MajorVersion: INTERFACE_VERSION.major, MinorVersion: INTERFACE_VERSION.minor, MessagingMode: "asynchClientServer", TimeOut: String(config.timeoutSeconds) },
    children,
  });
}

/** MSS_StatusReq (§5.2.4): the AP asks how the transaction MSSP_TransID stands. */
export function buildStatusRequest(config: MssConfig, request: MssStatusRequest): string {
  return envelope(config, "MSS_StatusQuery", {
    name: "MSS_StatusReq",
    attributes: { MajorVersion: INTERFACE_VERSION.major, MinorVersion: INTERFACE_VERSION.minor, MSSP_TransID: request.msspTransId },
    children: messageHeader(config, request),
  });
}

/**
 * TS 102 204 §7.2 reports errors as SOAP faults whose subcode is `mss:_NNN` (a status code
 * of table 11); some MSSPs put only the status name in the reason text.
 */
function faultError(codes: string[], reason: string | undefined): KysoError {
  const numbered = codes.map((code) => /^_(\d{3})$/.exec(code)?.[1]).find((code) => code !== undefined);
  const named = Object.entries(MSS_STATUS_NAMES).find(([, name]) => name === reason)?.[0];
  const code = numbered ?? named;
  if (code !== undefined) return mssStatusError(Number(code), reason);
  return new KysoError("REMOTE_SIGNING_FAILED", `SOAP fault ${codes.join("/")}${reason ? `: ${reason}` : ""}`);
}

function base64Bytes(text: string | undefined, what: string): Uint8Array {
  const compact = text?.replace(/\s+/g, "");
  if (!compact || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) throw new KysoError("REMOTE_SIGNING_FAILED", `the MSSP's ${what} is not base64`);
  return new Uint8Array(Buffer.from(compact, "base64"));
}

function signatureOf(answer: Element): Uint8Array | undefined {
  const signature = firstChildNamed(answer, MSS_NS, "MSS_Signature");
  if (!signature) return undefined;
  const base64 = firstChildNamed(signature, MSS_NS, "Base64Signature");
  if (base64) return base64Bytes(textOf(base64), "Base64Signature");
  const pkcs1 = firstChildNamed(signature, FICOM_NS, "PKCS1");
  if (pkcs1) return base64Bytes(textOf(firstChildNamed(pkcs1, FICOM_NS, "SignatureValue")), "PKCS1 SignatureValue");
  throw new KysoError("KEY_UNSUPPORTED", "the MSSP answered with an XML signature; kyso asks for PKCS#1 or PKCS#7 (set KYSO_MSS_FORMAT)");
}

/** Reads MSS_SignatureResp or MSS_StatusResp; a SOAP fault becomes the KysoError of its status code. */
export function parseMssAnswer(xml: string, expected: "MSS_SignatureResp" | "MSS_StatusResp"): MssAnswer {
  const { version, body } = parseSoapBody(xml);
  const fault = readSoapFault(version, body);
  if (fault) throw faultError(fault.codes, fault.reason);
  const answer = findDescendant(body, MSS_NS, expected);
  if (!answer) throw new KysoError("REMOTE_SIGNING_FAILED", `the MSSP's answer has no ${expected}`);
  const status = firstChildNamed(answer, MSS_NS, "Status");
  const statusCode = Number(status && firstChildNamed(status, MSS_NS, "StatusCode")?.getAttribute("Value"));
  if (!Number.isInteger(statusCode)) throw new KysoError("REMOTE_SIGNING_FAILED", `the MSSP's ${expected} has no Status/StatusCode`);
  const statusMessage = status && textOf(firstChildNamed(status, MSS_NS, "StatusMessage"));
  const msspTransId = answer.getAttribute("MSSP_TransID") ?? undefined;
  const signature = signatureOf(answer);
  return { statusCode, ...(msspTransId ? { msspTransId } : {}), ...(statusMessage ? { statusMessage } : {}), ...(signature ? { signature } : {}) };
}
