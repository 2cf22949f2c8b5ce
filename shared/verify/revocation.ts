import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { arrayBufferView } from "../cms/der.js";
import { authorityInformationAccess, crlDistributionPointUrls, hasOcspNoCheck, ID_PKIX_OCSP_BASIC } from "../cms/x509-extensions.js";
import type { KnownCertificate } from "./certificate-path.js";
import type { FetchTransport } from "./validation-transport.js";

const DAY_MS = 86_400_000;

export type RevocationSource = "dss" | "cms" | "online";

export type RevocationStatus =
  | { status: "good"; source: RevocationSource; producedAt: Date }
  | { status: "revoked"; source: RevocationSource; revokedAt: Date }
  | { status: "unknown" }
  | { status: "not-applicable" };

/** Embedded revocation data, parsed once per document (DSS /OCSPs, /CRLs and each CMS's archival attribute). */
export interface RevocationMaterial {
  ocspResponsesDer: Array<{ der: Uint8Array; source: RevocationSource }>;
  crlsDer: Array<{ der: Uint8Array; source: RevocationSource }>;
}

export interface RevocationPolicy {
  online: boolean;
  transport?: FetchTransport;
}

function basicResponse(der: Uint8Array): pkijs.BasicOCSPResponse | undefined {
  try {
    const response = pkijs.OCSPResponse.fromBER(arrayBufferView(der));
    if (response.responseStatus.valueBlock.valueDec !== 0 || response.responseBytes?.responseType !== ID_PKIX_OCSP_BASIC) return undefined;
    return pkijs.BasicOCSPResponse.fromBER(arrayBufferView(response.responseBytes.response.valueBlock.valueHexView));
  } catch {
    return undefined;
  }
}

/**
 * RFC 6960 §3.2: the response is signed by the CA or by a responder it certified for
 * id-kp-OCSPSigning (pkijs checks both), answers for this certificate, and is fresh for `at`:
 * its validity (thisUpdate … nextUpdate, or a day when there is none) reaches the signing time.
 */
async function statusFromOcsp(options: { der: Uint8Array; certificate: KnownCertificate; issuer: KnownCertificate; at: Date }): Promise<{ revokedAt?: Date; producedAt: Date } | undefined> {
  const basic = basicResponse(options.der);
  if (!basic) return undefined;
  const { certificate, issuer } = options;
  const { isForCertificate, status } = await basic.getCertificateStatus(certificate.parsed, issuer.parsed).catch(() => ({ isForCertificate: false, status: 2 }));
  if (!isForCertificate) return undefined;
  const signatureValid = await basic.verify({ trustedCerts: [issuer.parsed], issuerCerts: [issuer.parsed] }).catch(() => false);
  if (!signatureValid) return undefined;
  const single = basic.tbsResponseData.responses.find((r) => r.certID.serialNumber.isEqual(certificate.parsed.serialNumber));
  if (!single) return undefined;
  const validUntil = single.nextUpdate?.getTime() ?? single.thisUpdate.getTime() + DAY_MS;
  if (status === 1) {
    const revoked = single.certStatus as asn1js.Constructed;
    const time = revoked.valueBlock.value[0];
    const revokedAt = time instanceof asn1js.GeneralizedTime ? time.toDate() : single.thisUpdate;
    return { revokedAt, producedAt: basic.tbsResponseData.producedAt };
  }
  if (status !== 0 || validUntil < options.at.getTime()) return undefined;
  return { producedAt: basic.tbsResponseData.producedAt };
}

/** RFC 5280 §6.3: a CRL of the issuer, signed by it, current at `at`; an entry gives the revocation date. */
async function statusFromCrl(options: { der: Uint8Array; certificate: KnownCertificate; issuer: KnownCertificate; at: Date }): Promise<{ revokedAt?: Date; producedAt: Date } | undefined> {
  let crl: pkijs.CertificateRevocationList;
  try {
    crl = pkijs.CertificateRevocationList.fromBER(arrayBufferView(options.der));
  } catch {
    return undefined;
  }
  const { certificate, issuer } = options;
  if (!crl.issuer.isEqual(certificate.parsed.issuer)) return undefined;
  if (!(await crl.verify({ issuerCertificate: issuer.parsed }).catch(() => false))) return undefined;
  const entry = crl.revokedCertificates?.find((r) => r.userCertificate.isEqual(certificate.parsed.serialNumber));
  if (entry) return { revokedAt: entry.revocationDate.value, producedAt: crl.thisUpdate.value };
  if (crl.nextUpdate && crl.nextUpdate.value < options.at) return undefined;
  return { producedAt: crl.thisUpdate.value };
}

function urlsOf(certificate: pkijs.Certificate): { ocsp: string[]; crl: string[] } {
  return { ocsp: authorityInformationAccess(certificate).ocspUrls, crl: crlDistributionPointUrls(certificate) };
}

async function ocspRequestDer(certificate: KnownCertificate, issuer: KnownCertificate): Promise<Uint8Array> {
  const request = new pkijs.OCSPRequest();
  // RFC 6960 §4.1.1: SHA-1 CertID, the one every responder supports.
  await request.createForCertificate(certificate.parsed, { hashAlgorithm: "SHA-1", issuerCertificate: issuer.parsed });
  return new Uint8Array(request.toSchema(true).toBER());
}

function asStatus(found: { revokedAt?: Date; producedAt: Date }, source: RevocationSource): RevocationStatus {
  return found.revokedAt ? { status: "revoked", source, revokedAt: found.revokedAt } : { status: "good", source, producedAt: found.producedAt };
}

/**
 * The revocation status of `certificate` at `at`: embedded data first (DSS, then the CMS's
 * adbe-revocationInfoArchival), then — when the policy allows the network — OCSP from AIA and
 * the CRL from the distribution points. A revocation found anywhere wins over a good answer.
 */
export async function revocationStatus(options: { certificate: KnownCertificate; issuer: KnownCertificate; at: Date; material: RevocationMaterial; policy: RevocationPolicy }): Promise<RevocationStatus> {
  const { certificate, issuer, at } = options;
  // RFC 6960 §4.2.2.2.1: a responder certificate with id-pkix-ocsp-nocheck is not checked.
  if (hasOcspNoCheck(certificate.parsed)) return { status: "not-applicable" };
  let good: RevocationStatus | undefined;
  for (const { der, source } of options.material.ocspResponsesDer) {
    const found = await statusFromOcsp({ der, certificate, issuer, at });
    if (found?.revokedAt) return asStatus(found, source);
    if (found && !good) good = asStatus(found, source);
  }
  for (const { der, source } of options.material.crlsDer) {
    const found = await statusFromCrl({ der, certificate, issuer, at });
    if (found?.revokedAt) return asStatus(found, source);
    if (found && !good) good = asStatus(found, source);
  }
  if (good) return good;
  const { transport } = options.policy;
  if (!options.policy.online || !transport) return { status: "unknown" };
  const urls = urlsOf(certificate.parsed);
  for (const url of urls.ocsp) {
    const der = await transport.postOcsp(url, await ocspRequestDer(certificate, issuer)).catch(() => undefined);
    // Fetched now, so fresh for any past signing time: judged for the present.
    const found = der ? await statusFromOcsp({ der, certificate, issuer, at: new Date() }) : undefined;
    if (found) return asStatus(found, "online");
  }
  for (const url of urls.crl) {
    const der = await transport.get(url).catch(() => undefined);
    const found = der ? await statusFromCrl({ der, certificate, issuer, at: new Date() }) : undefined;
    if (found) return asStatus(found, "online");
  }
  return { status: "unknown" };
}
