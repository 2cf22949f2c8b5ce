import * as pkijs from "pkijs";
import { arrayBufferView, bytesEqual, concatBytes } from "../../shared/cms/der.js";
import { authorityInformationAccess, crlDistributionPointUrls, ID_PKIX_OCSP_BASIC } from "../../shared/cms/x509-extensions.js";
import type { ValidationDataTransport } from "../../shared/pades/ltv/validation-data-transport.js";
import { base64ToBytes, bytesToBase64 } from "../../shared/protocol/base64-codec.js";
import { BLOB_CHUNK_MAX_BYTES } from "../../shared/protocol/message-limits.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import type { SidecarConnection } from "./sidecar-connection.js";

interface KnownCertificate {
  der: Uint8Array;
  parsed: pkijs.Certificate;
  subjectDer: Uint8Array;
  issuerDer: Uint8Array;
  serial: Uint8Array;
}

interface KnownOcspResponse {
  der: Uint8Array;
  serials: Uint8Array[];
}

/** revocation.fetch takes a chain of at most 16 certificates (shared/protocol/methods/network.ts). */
const FETCH_CHAIN_MAX = 16;

const nameDer = (name: pkijs.RelativeDistinguishedNames) => new Uint8Array(name.toSchema().toBER());

function parsedCertificate(der: Uint8Array): KnownCertificate | undefined {
  try {
    const parsed = pkijs.Certificate.fromBER(arrayBufferView(der));
    return { der, parsed, subjectDer: nameDer(parsed.subject), issuerDer: nameDer(parsed.issuer), serial: new Uint8Array(parsed.serialNumber.valueBlock.valueHexView) };
  } catch {
    return undefined;
  }
}

/** The basic response inside an OCSPResponse (RFC 6960 §4.2.1), or undefined when there is none. */
function basicResponse(der: Uint8Array): pkijs.BasicOCSPResponse | undefined {
  try {
    const response = pkijs.OCSPResponse.fromBER(arrayBufferView(der));
    if (response.responseBytes?.responseType !== ID_PKIX_OCSP_BASIC) return undefined;
    return pkijs.BasicOCSPResponse.fromBER(arrayBufferView(response.responseBytes.response.valueBlock.valueHexView));
  } catch {
    return undefined;
  }
}

function requestedSerial(requestDer: Uint8Array): Uint8Array {
  try {
    const request = pkijs.OCSPRequest.fromBER(arrayBufferView(requestDer));
    const first = request.tbsRequest.requestList[0];
    if (first) return new Uint8Array(first.reqCert.serialNumber.valueBlock.valueHexView);
  } catch {
    // answered below
  }
  throw new KysoError("BAD_REQUEST", "not an OCSP request");
}

/**
 * OCSP, CRL and AIA for the PDF engine and the verifier, through the sidecar's
 * `revocation.fetch` (the extension itself never reaches a CA: no CORS, and the sidecar applies
 * policy, proxies and size caps). revocation.fetch answers per certificate chain, not per URL,
 * so this transport knows certificates (the signer's chain, every certificate the document's
 * signatures carry) and, when the engine asks for a URL, fetches for the known certificate that
 * names it and answers from what came back: the issuer for an AIA caIssuers URL, the issuer's
 * CRL for a distribution point, the response about the requested serial for OCSP. The engine
 * checks every answer as if it came straight from the CA.
 *
 * Limit: the OCSP answer is the one the sidecar obtained, so it does not echo the engine's own
 * nonce; a responder that echoes nonces (RFC 8954) is refused by the B-LT collector.
 */
export class SidecarValidationData implements ValidationDataTransport {
  private readonly certificates: KnownCertificate[] = [];
  private readonly ocspResponses: KnownOcspResponse[] = [];
  private readonly crls: Array<{ der: Uint8Array; issuerDer: Uint8Array }> = [];
  private readonly fetched = new Map<KnownCertificate, Promise<void>>();

  constructor(private readonly options: { sidecar: SidecarConnection; signal: AbortSignal }) {}

  /** Certificates the engine may ask about (a signer's chain, a document's signatures, a TSA's). */
  learn(certificatesDer: Iterable<Uint8Array>): void {
    for (const der of certificatesDer) {
      if (this.certificates.some((known) => bytesEqual(known.der, der))) continue;
      const known = parsedCertificate(der);
      if (known) this.certificates.push(known);
    }
  }

  async get(url: string): Promise<Uint8Array> {
    const viaAia = this.certificates.find((known) => authorityInformationAccess(known.parsed).caIssuersUrls.includes(url));
    if (viaAia) {
      const issuer = () => this.certificates.find((candidate) => bytesEqual(candidate.subjectDer, viaAia.issuerDer) && !bytesEqual(candidate.der, viaAia.der));
      if (!issuer()) await this.fetchFor(viaAia);
      const found = issuer();
      if (found) return found.der;
    }
    const viaCdp = this.certificates.find((known) => crlDistributionPointUrls(known.parsed).includes(url));
    if (viaCdp) {
      const crl = () => this.crls.find((candidate) => bytesEqual(candidate.issuerDer, viaCdp.issuerDer));
      if (!crl()) await this.fetchFor(viaCdp);
      const found = crl();
      if (found) return found.der;
    }
    throw new KysoError("REVOCATION_UNAVAILABLE", `${url}: nothing the sidecar fetched answers it`);
  }

  async postOcsp(url: string, requestDer: Uint8Array): Promise<Uint8Array> {
    const serial = requestedSerial(requestDer);
    const answer = () => this.ocspResponses.find((response) => response.serials.some((candidate) => bytesEqual(candidate, serial)));
    if (!answer()) {
      const subject = this.certificates.find((known) => bytesEqual(known.serial, serial) && authorityInformationAccess(known.parsed).ocspUrls.includes(url));
      if (subject) await this.fetchFor(subject);
    }
    const found = answer();
    if (!found) throw new KysoError("REVOCATION_UNAVAILABLE", `OCSP ${url}: the sidecar got no answer about that certificate`);
    return found.der;
  }

  /** One revocation.fetch per certificate, its chain's other known certificates given along. */
  private fetchFor(certificate: KnownCertificate): Promise<void> {
    let pending = this.fetched.get(certificate);
    if (!pending) {
      pending = this.fetchChain(certificate);
      this.fetched.set(certificate, pending);
    }
    return pending;
  }

  private async fetchChain(certificate: KnownCertificate): Promise<void> {
    const others = this.certificates.filter((known) => known !== certificate).slice(0, FETCH_CHAIN_MAX - 1);
    const answer = await this.options.sidecar.request("revocation.fetch", { chain: [certificate, ...others].map((known) => bytesToBase64(known.der)) }, { signal: this.options.signal });
    this.learn(answer.certificates.map(base64ToBytes));
    for (const responseBase64 of answer.ocspResponses) {
      const der = base64ToBytes(responseBase64);
      const basic = basicResponse(der);
      if (!basic) continue;
      this.learn((basic.certs ?? []).map((responder) => new Uint8Array(responder.toSchema().toBER())));
      this.ocspResponses.push({ der, serials: basic.tbsResponseData.responses.map((single) => new Uint8Array(single.certID.serialNumber.valueBlock.valueHexView)) });
    }
    for (const blobId of answer.crlBlobIds) {
      const der = await this.blob(blobId);
      try {
        this.crls.push({ der, issuerDer: nameDer(pkijs.CertificateRevocationList.fromBER(arrayBufferView(der)).issuer) });
      } catch {
        // Not a CRL: the engine would refuse it too.
      }
    }
  }

  private async blob(blobId: string): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let offset = 0;
    for (;;) {
      const chunk = await this.options.sidecar.request("blob.get", { blobId, offset, length: BLOB_CHUNK_MAX_BYTES }, { signal: this.options.signal });
      const bytes = base64ToBytes(chunk.data);
      parts.push(bytes);
      offset += bytes.length;
      if (chunk.eof || bytes.length === 0) break;
    }
    return concatBytes(parts);
  }
}
