import { constants, createPrivateKey, privateEncrypt, randomBytes, type KeyObject } from "node:crypto";
import { readFile } from "node:fs/promises";
import { DOMParser, type Element } from "@xmldom/xmldom";
import { runOpenssl } from "../pki/openssl-command.js";
import { startLoopbackHttpServer, type LoopbackHttpServer } from "./loopback-http-server.js";

/**
 * A mobile signature service provider (ETSI TS 102 204) on loopback, speaking the SOAP
 * binding the way Kiuru-derived MSSPs do: MSS_SignaturePort and MSS_StatusQueryPort, the
 * RPC wrapper element around the mss: message, SOAP 1.1 or 1.2 as the request uses, errors
 * as SOAP faults with subcode mss:_NNN (§7.2). It holds one test key per subscriber and
 * signs DataToBeSigned with raw RSA PKCS#1 v1.5, as a SIM applet does, or — when the request
 * asks for MSS_Format #PKCS7 — returns a CMS SignedData over it made by `openssl cms -sign`. The test plays the
 * user's phone through `phone`: it sees what the phone would display and approves, cancels,
 * lets the request expire or reports a blocked PIN.
 */

const MSS_NS = "http://uri.etsi.org/TS102204/v1.1.2#";
const SOAP_NS = { "1.1": "http://schemas.xmlsoap.org/soap/envelope/", "1.2": "http://www.w3.org/2003/05/soap-envelope" } as const;
type SoapVersion = keyof typeof SOAP_NS;

export interface SimulatedSubscriber {
  msisdn: string;
  /** PKCS#8 PEM of the test key (test/pki entities' keyPemFile). */
  keyPemFile: string;
  certPemFile: string;
}

export type PhoneOutcome = "approve" | "cancel" | "expire" | "pin-blocked";

/** What reached the phone, and the buttons the test presses on it. */
export interface PhonePrompt {
  msisdn: string;
  msspTransId: string;
  apTransId: string;
  dataToBeDisplayed: string;
  dataToBeSigned: Uint8Array;
  /** MimeType and Encoding attributes of DataToBeSigned. */
  dataToBeSignedType: { mimeType: string | null; encoding: string | null };
  formatUri: string | undefined;
  timeoutSeconds: number;
  answer(outcome: PhoneOutcome): void;
}

export interface MsspSimulatorOptions {
  apId: string;
  apPassword: string;
  subscribers: SimulatedSubscriber[];
  /** Report phone-side failures in MSS_StatusResp/Status instead of SOAP faults (MSSPs do both). */
  statusInsteadOfFault?: boolean;
  /** For #PKCS7: add the MSSP's own signed attributes (signing time…), as many MSSPs do. */
  cmsSignedAttributes?: boolean;
}

export interface MsspSimulator {
  signatureUrl: string;
  statusUrl: string;
  /** Status queries answered so far, all transactions. */
  statusQueries(): number;
  /** The next request that reaches a phone (resolves at once if one is waiting). */
  nextPrompt(): Promise<PhonePrompt>;
  /** Raw request bodies, in order of arrival. */
  requests: string[];
  close(): Promise<void>;
}

interface Transaction {
  prompt: PhonePrompt;
  subscriber: SimulatedSubscriber;
  key: KeyObject;
  outcome?: PhoneOutcome;
}

const STATUS_NAMES: Record<number, string> = { 100: "REQUEST_OK", 101: "WRONG_PARAM", 104: "UNAUTHORIZED_ACCESS", 105: "UNKNOWN_CLIENT", 208: "EXPIRED_TRANSACTION", 401: "USER_CANCEL", 402: "PIN_NR_BLOCKED", 500: "SIGNATURE", 504: "OUTSTANDING_TRANSACTION" };

function xmlText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function envelope(version: SoapVersion, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><S:Envelope xmlns:S="${SOAP_NS[version]}" xmlns:mss="${MSS_NS}"><S:Body>${body}</S:Body></S:Envelope>`;
}

function fault(version: SoapVersion, code: number): string {
  const name = STATUS_NAMES[code] ?? "INTERNAL_ERROR";
  const sender = code < 200 ? "Sender" : "Receiver";
  return version === "1.2"
    ? envelope(version, `<S:Fault><S:Code><S:Value>S:${sender}</S:Value><S:Subcode><S:Value>mss:_${code}</S:Value></S:Subcode></S:Code><S:Reason><S:Text xml:lang="en">${name}</S:Text></S:Reason></S:Fault>`)
    : envelope(version, `<S:Fault><faultcode>mss:_${code}</faultcode><faultstring>${name}</faultstring></S:Fault>`);
}

function status(code: number): string {
  return `<mss:Status><mss:StatusCode Value="${code}"/><mss:StatusMessage>${STATUS_NAMES[code] ?? ""}</mss:StatusMessage></mss:Status>`;
}

function header(): string {
  return `<mss:AP_Info AP_ID="ignored" AP_TransID="x" AP_PWD="" Instant="${new Date().toISOString()}"/><mss:MSSP_Info><mss:MSSP_ID><mss:URI>http://mssp.test</mss:URI></mss:MSSP_ID></mss:MSSP_Info>`;
}

function child(parent: Element, localName: string): Element | undefined {
  return parent.getElementsByTagNameNS(MSS_NS, localName).item(0) ?? undefined;
}

export async function startMsspSimulator(options: MsspSimulatorOptions): Promise<MsspSimulator> {
  const keys = new Map<string, KeyObject>();
  for (const subscriber of options.subscribers) keys.set(subscriber.msisdn, createPrivateKey(await readFile(subscriber.keyPemFile, "utf8")));
  const subscriberOf = (msisdn: string) => options.subscribers.find((s) => s.msisdn === msisdn);
  const transactions = new Map<string, Transaction>();
  const waiting: Array<(prompt: PhonePrompt) => void> = [];
  const unclaimed: PhonePrompt[] = [];
  const requests: string[] = [];
  let statusQueries = 0;

  function deliver(prompt: PhonePrompt): void {
    const next = waiting.shift();
    if (next) next(prompt);
    else unclaimed.push(prompt);
  }

  function onSignature(version: SoapVersion, message: Element): string {
    const apInfo = child(message, "AP_Info");
    if (apInfo?.getAttribute("AP_ID") !== options.apId || apInfo.getAttribute("AP_PWD") !== options.apPassword) return fault(version, 104);
    if (message.getAttribute("MessagingMode") !== "asynchClientServer") return fault(version, 101);
    const msisdn = child(message, "MSISDN")?.textContent?.trim() ?? "";
    const key = keys.get(msisdn);
    const subscriber = subscriberOf(msisdn);
    if (!key || !subscriber) return fault(version, 105);
    const dtbs = child(message, "DataToBeSigned");
    const msspTransId = `T${randomBytes(6).toString("hex")}`;
    const transaction: Transaction = {
      key,
      subscriber,
      prompt: {
        msisdn,
        msspTransId,
        apTransId: apInfo.getAttribute("AP_TransID") ?? "",
        dataToBeDisplayed: child(message, "DataToBeDisplayed")?.textContent ?? "",
        dataToBeSigned: new Uint8Array(Buffer.from(dtbs?.textContent ?? "", "base64")),
        dataToBeSignedType: { mimeType: dtbs?.getAttribute("MimeType") ?? null, encoding: dtbs?.getAttribute("Encoding") ?? null },
        formatUri: child(message, "MSS_Format")?.textContent?.trim(),
        timeoutSeconds: Number(message.getAttribute("TimeOut")),
        answer: (outcome) => {
          transaction.outcome = outcome;
        },
      },
    };
    transactions.set(msspTransId, transaction);
    deliver(transaction.prompt);
    return envelope(version, `<MSS_SignatureResponse><mss:MSS_SignatureResp MajorVersion="1" MinorVersion="1" MSSP_TransID="${msspTransId}">${header()}<mss:MobileUser><mss:MSISDN>${xmlText(msisdn)}</mss:MSISDN></mss:MobileUser>${status(100)}</mss:MSS_SignatureResp></MSS_SignatureResponse>`);
  }

  function statusAnswer(version: SoapVersion, transaction: Transaction, outcome: { code: number; signature?: Uint8Array }): string {
    const { code, signature } = outcome;
    const signatureXml = signature ? `<mss:MSS_Signature><mss:Base64Signature>${Buffer.from(signature).toString("base64")}</mss:Base64Signature></mss:MSS_Signature>` : "";
    return envelope(version, `<MSS_StatusQueryResponse><mss:MSS_StatusResp MajorVersion="1" MinorVersion="1">${header()}<mss:MobileUser><mss:MSISDN>${xmlText(transaction.prompt.msisdn)}</mss:MSISDN></mss:MobileUser>${signatureXml}${status(code)}</mss:MSS_StatusResp></MSS_StatusQueryResponse>`);
  }

  /** What the SIM (and, for #PKCS7, the MSSP around it) returns once the user has approved. */
  async function signatureFor(transaction: Transaction): Promise<Uint8Array> {
    const { prompt, key, subscriber } = transaction;
    if (!prompt.formatUri?.endsWith("#PKCS7")) {
      // The SIM's RSA operation over the DigestInfo it was given: RSASSA-PKCS1-v1_5 (RFC 8017 §8.2.1) with the encoding done by the AP.
      return new Uint8Array(privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, prompt.dataToBeSigned));
    }
    const attributes = options.cmsSignedAttributes ? [] : ["-noattr"];
    return new Uint8Array(await runOpenssl(["cms", "-sign", "-binary", "-md", "sha256", ...attributes, "-signer", subscriber.certPemFile, "-inkey", subscriber.keyPemFile, "-outform", "DER"], { stdin: prompt.dataToBeSigned }));
  }

  async function onStatus(version: SoapVersion, message: Element): Promise<string> {
    statusQueries += 1;
    const transaction = transactions.get(message.getAttribute("MSSP_TransID") ?? "");
    if (!transaction) return fault(version, 101);
    const failure = (code: number) => (options.statusInsteadOfFault ? statusAnswer(version, transaction, { code }) : fault(version, code));
    switch (transaction.outcome) {
      case undefined:
        return statusAnswer(version, transaction, { code: 504 });
      case "approve":
        // The SIM's RSA operation over the DigestInfo it was given: RSASSA-PKCS1-v1_5 (RFC 8017 §8.2.1) with the encoding done by the AP.
        return statusAnswer(version, transaction, { code: 500, signature: await signatureFor(transaction) });
      case "cancel":
        return failure(401);
      case "expire":
        return failure(208);
      case "pin-blocked":
        return failure(402);
    }
  }

  const server: LoopbackHttpServer = await startLoopbackHttpServer();
  server.setHandler(async (request, body, response) => {
    const xml = body.toString("utf8");
    requests.push(xml);
    const document = new DOMParser().parseFromString(xml, "text/xml");
    const root = document.documentElement;
    const version = (Object.keys(SOAP_NS) as SoapVersion[]).find((v) => root?.namespaceURI === SOAP_NS[v]) ?? "1.2";
    const signature = root && child(root, "MSS_SignatureReq");
    const statusRequest = root && child(root, "MSS_StatusReq");
    let answer: string;
    if (request.url?.endsWith("/MSS_SignaturePort") && signature) answer = onSignature(version, signature);
    else if (request.url?.endsWith("/MSS_StatusQueryPort") && statusRequest) answer = await onStatus(version, statusRequest);
    else answer = fault(version, 101);
    const isFault = answer.includes(":Fault>");
    response.writeHead(isFault ? 500 : 200, { "content-type": version === "1.2" ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8" });
    response.end(answer);
  });

  const base = `${server.baseUrl}/soap/services`;
  return {
    signatureUrl: `${base}/MSS_SignaturePort`,
    statusUrl: `${base}/MSS_StatusQueryPort`,
    statusQueries: () => statusQueries,
    nextPrompt: () => {
      const ready = unclaimed.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
    requests,
    close: () => server.close(),
  };
}
