import { DOMImplementation, DOMParser, onErrorStopParsing, XMLSerializer, type Document, type Element } from "@xmldom/xmldom";
import { KysoError } from "../../../shared/protocol/kyso-error.js";

/**
 * The SOAP binding of TS 102 204 (§7, the standard binding; the REST binding is an MSSP
 * extension). XML is built and read with @xmldom/xmldom, a maintained, dependency-free W3C
 * DOM: it is namespace-aware, which matters because every MSSP picks its own prefixes
 * (soapenv:, env:, S:, ns1:…), and its serializer escapes text and attributes, which a
 * hand-written template would have to get right for every document name a page sends.
 */

export type SoapVersion = "1.1" | "1.2";

const SOAP_ENVELOPE_NS: Readonly<Record<SoapVersion, string>> = {
  "1.1": "http://schemas.xmlsoap.org/soap/envelope/",
  "1.2": "http://www.w3.org/2003/05/soap-envelope",
};

/** A SOAP answer with a signature and a certificate chain is a few tens of KB. */
export const MAX_SOAP_RESPONSE_BYTES = 512 * 1024;

export function soapRequestHeaders(version: SoapVersion, action: string): Record<string, string> {
  // SOAP 1.1 §6.1.1 names the action in the SOAPAction header; SOAP 1.2 Part 2 §7.1.4 in the media type.
  return version === "1.1"
    ? { "content-type": "text/xml; charset=utf-8", soapaction: `"${action}"` }
    : { "content-type": `application/soap+xml; charset=utf-8; action="${action}"` };
}

/** Builds `<Envelope><Body>…</Body></Envelope>`; `fill` appends the body's content. */
export function buildSoapEnvelope(version: SoapVersion, fill: (document: Document, body: Element) => void): string {
  const ns = SOAP_ENVELOPE_NS[version];
  const document = new DOMImplementation().createDocument(ns, "soapenv:Envelope", null);
  const body = document.createElementNS(ns, "soapenv:Body");
  document.documentElement!.appendChild(body);
  fill(document, body);
  return `<?xml version="1.0" encoding="UTF-8"?>${new XMLSerializer().serializeToString(document)}`;
}

function childElements(parent: Element): Element[] {
  const children: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === node.ELEMENT_NODE) children.push(node as Element);
  }
  return children;
}

export function firstChildNamed(parent: Element, namespace: string | null, localName: string): Element | undefined {
  return childElements(parent).find((child) => child.namespaceURI === namespace && child.localName === localName);
}

/** The first descendant with this expanded name: MSSPs differ in the RPC wrapper around the TS 102 204 message. */
export function findDescendant(root: Element, namespace: string, localName: string): Element | undefined {
  return root.getElementsByTagNameNS(namespace, localName).item(0) ?? undefined;
}

export function textOf(element: Element | undefined): string | undefined {
  const text = element?.textContent?.trim();
  return text === "" ? undefined : text;
}

function malformed(detail: string, cause?: unknown): KysoError {
  return new KysoError("REMOTE_SIGNING_FAILED", `the MSSP's answer is not a SOAP envelope: ${detail}`, cause === undefined ? undefined : { cause });
}

/**
 * Parses an answer and returns its Body. A document type declaration is refused before
 * parsing: SOAP 1.1 §3 and SOAP 1.2 Part 1 §5 forbid it, and refusing it rules out entity tricks.
 */
export function parseSoapBody(xml: string): { version: SoapVersion; body: Element } {
  if (/<!DOCTYPE/i.test(xml)) throw malformed("it contains a document type declaration");
  let document: Document;
  try {
    document = new DOMParser({ onError: onErrorStopParsing }).parseFromString(xml, "text/xml");
  } catch (error) {
    throw malformed("XML syntax error", error);
  }
  const envelope = document.documentElement;
  const version = (Object.keys(SOAP_ENVELOPE_NS) as SoapVersion[]).find((v) => envelope?.namespaceURI === SOAP_ENVELOPE_NS[v]);
  if (!envelope || envelope.localName !== "Envelope" || !version) throw malformed(`root element ${envelope?.tagName ?? "(none)"}`);
  const body = firstChildNamed(envelope, SOAP_ENVELOPE_NS[version], "Body");
  if (!body) throw malformed("no Body");
  return { version, body };
}

export interface SoapFault {
  /** Fault codes, outermost first, as QName local parts (SOAP 1.2 Code/Value and Subcode/Value, SOAP 1.1 faultcode). */
  codes: string[];
  reason?: string;
}

/** Reads env:Fault (SOAP 1.2 Part 1 §5.4) or the SOAP 1.1 §4.4 Fault from a Body. */
export function readSoapFault(version: SoapVersion, body: Element): SoapFault | undefined {
  const ns = SOAP_ENVELOPE_NS[version];
  const fault = firstChildNamed(body, ns, "Fault");
  if (!fault) return undefined;
  const localPart = (qname: string | undefined) => qname?.slice(qname.indexOf(":") + 1);
  if (version === "1.1") {
    const code = localPart(textOf(firstChildNamed(fault, null, "faultcode")));
    const reason = textOf(firstChildNamed(fault, null, "faultstring"));
    return { codes: code ? [code] : [], ...(reason ? { reason } : {}) };
  }
  const codes: string[] = [];
  for (let code = firstChildNamed(fault, ns, "Code"); code; code = firstChildNamed(code, ns, "Subcode")) {
    const value = localPart(textOf(firstChildNamed(code, ns, "Value")));
    if (value) codes.push(value);
  }
  const reasonElement = firstChildNamed(fault, ns, "Reason");
  const reason = reasonElement ? textOf(firstChildNamed(reasonElement, ns, "Text")) : undefined;
  return { codes, ...(reason ? { reason } : {}) };
}
