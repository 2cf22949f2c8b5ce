import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { KysoError } from "../../protocol/kyso-error.js";
import { arrayBufferView, bytesEqual } from "../../cms/der.js";
import { subjectText } from "./certificate-pool.js";
import { ID_PKIX_OCSP_BASIC } from "../../cms/x509-extensions.js";
import type { ValidationDataTransport } from "./validation-data-transport.js";

/** RFC 8954 / RFC 6960 §4.4.1 nonce extension. */
const ID_PKIX_OCSP_NONCE = "1.3.6.1.5.5.7.48.1.2";

export interface OcspAnswer {
  /** The OCSPResponse as the responder sent it: what goes into the DSS /OCSPs. */
  responseDer: Uint8Array;
  /** Certificates the response carries (a delegated responder's certificate). */
  responderCertificates: pkijs.Certificate[];
}

/**
 * Asks the certificate's OCSP responder (RFC 6960) for its status and checks the answer
 * before it is embedded: status successful, a basic response signed by the CA or a responder
 * it delegated to (pkijs checks id-kp-OCSPSigning, §4.2.2.2), about this certificate, good.
 * CertID uses SHA-1, the hash every responder supports (§4.1.1 allows it for CertID).
 */
export async function fetchOcspStatus(options: {
  certificate: pkijs.Certificate;
  issuer: pkijs.Certificate;
  url: string;
  transport: ValidationDataTransport;
}): Promise<OcspAnswer> {
  const { certificate, issuer, url } = options;
  const who = subjectText(certificate);
  const request = new pkijs.OCSPRequest();
  await request.createForCertificate(certificate, { hashAlgorithm: "SHA-1", issuerCertificate: issuer });
  const nonce = globalThis.crypto.getRandomValues(new Uint8Array(16));
  request.tbsRequest.requestExtensions = [
    new pkijs.Extension({ extnID: ID_PKIX_OCSP_NONCE, extnValue: new asn1js.OctetString({ valueHex: nonce }).toBER() }),
  ];
  const responseDer = await options.transport.postOcsp(url, new Uint8Array(request.toSchema(true).toBER()));

  const invalid = (detail: string, cause?: unknown) =>
    new KysoError("REVOCATION_UNAVAILABLE", `OCSP ${url} about ${who}: ${detail}`, cause === undefined ? undefined : { cause });
  let basic: pkijs.BasicOCSPResponse;
  try {
    const response = pkijs.OCSPResponse.fromBER(arrayBufferView(responseDer));
    const status = response.responseStatus.valueBlock.valueDec;
    if (status !== 0) throw invalid(`responder status ${status} (RFC 6960 §4.2.1)`);
    if (response.responseBytes?.responseType !== ID_PKIX_OCSP_BASIC) throw invalid("not a basic OCSP response");
    basic = pkijs.BasicOCSPResponse.fromBER(arrayBufferView(response.responseBytes.response.valueBlock.valueHexView));
  } catch (error) {
    throw error instanceof KysoError ? error : invalid("not an OCSP response", error);
  }
  const echoed = basic.tbsResponseData.responseExtensions?.find((e) => e.extnID === ID_PKIX_OCSP_NONCE);
  if (echoed) {
    // Responders may leave the nonce out (RFC 8954 §2.1); one that echoes a different nonce is replaying.
    const value = asn1js.fromBER(echoed.extnValue.valueBlock.valueHexView).result;
    if (!(value instanceof asn1js.OctetString) || !bytesEqual(value.valueBlock.valueHexView, nonce)) throw invalid("the response does not echo the request's nonce");
  }
  let signatureValid: boolean;
  try {
    signatureValid = await basic.verify({ trustedCerts: [issuer], issuerCerts: [issuer] });
  } catch (error) {
    throw invalid("the responder is not authorised by the certificate's issuer", error);
  }
  if (!signatureValid) throw invalid("the response's signature does not verify");
  const { isForCertificate, status } = await basic.getCertificateStatus(certificate, issuer);
  if (!isForCertificate) throw invalid("the response is about another certificate");
  if (status === 1) throw new KysoError("CERTIFICATE_REVOKED", `${who} (OCSP ${url})`);
  if (status !== 0) throw invalid("the responder does not know the certificate (status unknown)");
  return { responseDer: new Uint8Array(responseDer), responderCertificates: basic.certs ?? [] };
}
