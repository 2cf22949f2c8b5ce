import * as pkijs from "pkijs";
import { KysoError } from "../../protocol/kyso-error.js";
import { arrayBufferView } from "../../cms/der.js";
import { subjectText } from "./certificate-pool.js";
import type { ValidationDataTransport } from "./validation-data-transport.js";

/**
 * Fetches the certificate's CRL (RFC 5280 §5) and checks it before it is embedded: issued and
 * signed by the certificate's issuer, current (nextUpdate not passed), and not listing the
 * certificate.
 */
export async function fetchCrlStatus(options: {
  certificate: pkijs.Certificate;
  issuer: pkijs.Certificate;
  url: string;
  transport: ValidationDataTransport;
  now: Date;
}): Promise<Uint8Array> {
  const { certificate, issuer, url } = options;
  const who = subjectText(certificate);
  const invalid = (detail: string, cause?: unknown) =>
    new KysoError("REVOCATION_UNAVAILABLE", `CRL ${url} for ${who}: ${detail}`, cause === undefined ? undefined : { cause });
  const crlDer = await options.transport.get(url);
  let crl: pkijs.CertificateRevocationList;
  try {
    crl = pkijs.CertificateRevocationList.fromBER(arrayBufferView(crlDer));
  } catch (error) {
    throw invalid("not a CRL", error);
  }
  if (!crl.issuer.isEqual(certificate.issuer)) throw invalid("the CRL is issued by another CA");
  const signatureValid = await crl.verify({ issuerCertificate: issuer }).catch(() => false);
  if (!signatureValid) throw invalid("the CRL's signature does not verify with the issuer's key");
  if (crl.nextUpdate && crl.nextUpdate.value < options.now) throw invalid(`the CRL is out of date (next update ${crl.nextUpdate.value.toISOString()})`);
  if (crl.isCertificateRevoked(certificate)) throw new KysoError("CERTIFICATE_REVOKED", `${who} (CRL ${url})`);
  return new Uint8Array(crlDer);
}
