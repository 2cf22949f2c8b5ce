import type { X509Certificate } from "node:crypto";

/** What a certificate picker shows of a certificate, the same for every key source. */
export interface CertificateSummary {
  /** RFC 4514 order (most specific first), UTF-8. */
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  keyType: string;
  keySizeBits?: number;
}

export function summarizeCertificate(certificate: X509Certificate): CertificateSummary {
  const details = certificate.publicKey.asymmetricKeyDetails;
  return {
    // node lists the RDNs root-first, one per line.
    subject: certificate.subject.split("\n").reverse().join(", "),
    issuer: certificate.issuer.split("\n").reverse().join(", "),
    serialNumber: certificate.serialNumber,
    notBefore: new Date(certificate.validFrom).toISOString(),
    notAfter: new Date(certificate.validTo).toISOString(),
    keyType: certificate.publicKey.asymmetricKeyType ?? "unknown",
    ...(details?.modulusLength ? { keySizeBits: details.modulusLength } : {}),
  };
}
