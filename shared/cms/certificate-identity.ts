import * as pkijs from "pkijs";
import { KysoError } from "../protocol/kyso-error.js";
import { arrayBufferView } from "./der.js";

/** The parts of a certificate that CMS points at it with, as raw DER. */
export interface CertificateIdentity {
  /** The issuer Name, exactly as encoded in the certificate (RFC 5280 §4.1.2.4). */
  issuerNameDer: Uint8Array;
  /** The serialNumber INTEGER TLV, exactly as encoded (RFC 5280 §4.1.2.2). */
  serialNumberDer: Uint8Array;
  /** Parsed, for callers that need the public key (placeholder sizing). */
  certificate: pkijs.Certificate;
}

/**
 * Reads issuer and serial without re-encoding them: RFC 5652 §10.2.4 IssuerAndSerialNumber
 * and RFC 5035 IssuerSerial are matched byte-wise by verifiers, so any normalisation of a
 * CA's encoding (string types, BER lengths) would point at a certificate that does not exist.
 */
export function certificateIdentity(certificateDer: Uint8Array): CertificateIdentity {
  let certificate: pkijs.Certificate;
  try {
    certificate = pkijs.Certificate.fromBER(arrayBufferView(certificateDer));
  } catch (error) {
    throw new KysoError("CERTIFICATE_INVALID", "the signer certificate is not a valid X.509 certificate", { cause: error });
  }
  return {
    issuerNameDer: new Uint8Array(certificate.issuer.valueBeforeDecode),
    serialNumberDer: certificate.serialNumber.valueBeforeDecodeView,
    certificate,
  };
}
