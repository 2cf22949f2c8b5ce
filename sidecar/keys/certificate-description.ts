import { X509Certificate } from "node:crypto";
import type { CertificateEntry } from "../../shared/protocol/methods/keys.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";

/** What every provider's listing says about a certificate, read from the certificate itself. */
export type CertificateDescription = Pick<CertificateEntry, "subject" | "issuer" | "serialNumber" | "notBefore" | "notAfter" | "keyType" | "keySizeBits">;

/** Node prints names one RDN per line, most significant first; people read them the RFC 4514 way round. */
const displayName = (name: string) => name.split("\n").reverse().join(", ");

export function describeCertificate(der: Uint8Array): CertificateDescription {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(der);
  } catch (error) {
    throw new KysoError("CERTIFICATE_INVALID", "a signing service returned a certificate that cannot be parsed", { cause: error });
  }
  const details = certificate.publicKey.asymmetricKeyDetails;
  return {
    subject: displayName(certificate.subject),
    issuer: displayName(certificate.issuer),
    serialNumber: certificate.serialNumber,
    notBefore: new Date(certificate.validFrom).toISOString(),
    notAfter: new Date(certificate.validTo).toISOString(),
    keyType: certificate.publicKey.asymmetricKeyType ?? "unknown",
    ...(details?.modulusLength ? { keySizeBits: details.modulusLength } : {}),
  };
}
