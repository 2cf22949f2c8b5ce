import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { arrayBufferView } from "./der.js";

/**
 * The X.509 extensions that point at validation data (RFC 5280 §4.2.2.1 AIA, §4.2.1.13 CDP;
 * RFC 6960 §4.2.2.2.1 ocsp-nocheck), read once for signing (B-LT collection) and verification.
 */
const ID_PE_AUTHORITY_INFO_ACCESS = "1.3.6.1.5.5.7.1.1";
const ID_CE_CRL_DISTRIBUTION_POINTS = "2.5.29.31";
const ID_AD_OCSP = "1.3.6.1.5.5.7.48.1";
const ID_AD_CA_ISSUERS = "1.3.6.1.5.5.7.48.2";
const ID_PKIX_OCSP_NOCHECK = "1.3.6.1.5.5.7.48.1.5";
/** OCSPResponse responseType for a BasicOCSPResponse (RFC 6960 §4.2.1). */
export const ID_PKIX_OCSP_BASIC = "1.3.6.1.5.5.7.48.1.1";
/** GeneralName uniformResourceIdentifier [6] (RFC 5280 §4.2.1.6). */
const GENERAL_NAME_URI = 6;

/** http(s) URLs only: ldap: and file: pointers are not fetched (RFC 5280 allows them, kyso does not). */
function httpUris(names: pkijs.GeneralName[]): string[] {
  return names
    .filter((n) => n.type === GENERAL_NAME_URI && typeof n.value === "string")
    .map((n) => n.value as string)
    .filter((uri) => /^https?:\/\//i.test(uri));
}

export function authorityInformationAccess(certificate: pkijs.Certificate): { ocspUrls: string[]; caIssuersUrls: string[] } {
  const extension = (certificate.extensions ?? []).find((e) => e.extnID === ID_PE_AUTHORITY_INFO_ACCESS);
  const access = extension?.parsedValue instanceof pkijs.InfoAccess ? extension.parsedValue.accessDescriptions : [];
  return {
    ocspUrls: httpUris(access.filter((a) => a.accessMethod === ID_AD_OCSP).map((a) => a.accessLocation)),
    caIssuersUrls: httpUris(access.filter((a) => a.accessMethod === ID_AD_CA_ISSUERS).map((a) => a.accessLocation)),
  };
}

export function crlDistributionPointUrls(certificate: pkijs.Certificate): string[] {
  const extension = (certificate.extensions ?? []).find((e) => e.extnID === ID_CE_CRL_DISTRIBUTION_POINTS);
  if (!(extension?.parsedValue instanceof pkijs.CRLDistributionPoints)) return [];
  return extension.parsedValue.distributionPoints.flatMap((point) => (Array.isArray(point.distributionPoint) ? httpUris(point.distributionPoint) : []));
}

export function hasOcspNoCheck(certificate: pkijs.Certificate): boolean {
  return (certificate.extensions ?? []).some((e) => e.extnID === ID_PKIX_OCSP_NOCHECK);
}

/** RFC 5280 §4.2.2.1: a caIssuers URL answers one DER certificate or a certs-only CMS ("p7c"). */
export function certificatesInCaIssuersResponse(bytes: Uint8Array): Uint8Array[] {
  try {
    pkijs.Certificate.fromBER(arrayBufferView(bytes));
    return [bytes];
  } catch {
    try {
      const info = pkijs.ContentInfo.fromBER(arrayBufferView(bytes));
      const signedData = new pkijs.SignedData({ schema: info.content as asn1js.Sequence });
      return (signedData.certificates ?? []).filter((c) => c instanceof pkijs.Certificate).map((c) => new Uint8Array(c.toSchema().toBER()));
    } catch {
      return [];
    }
  }
}
