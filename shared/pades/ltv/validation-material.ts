import { KysoError } from "../../protocol/kyso-error.js";
import { authorityInformationAccess, certificatesInCaIssuersResponse, crlDistributionPointUrls, hasOcspNoCheck } from "../../cms/x509-extensions.js";
import { CertificatePool, isSelfIssued, subjectText, type PooledCertificate } from "./certificate-pool.js";
import { fetchCrlStatus } from "./crl-client.js";
import type { EmbeddedSignature } from "./embedded-signatures.js";
import { fetchOcspStatus } from "./ocsp-client.js";
import type { ValidationDataTransport } from "./validation-data-transport.js";

/** Longer chains than any real PKI; a guard against loops through cross-certificates. */
const MAX_CHAIN_LENGTH = 10;

/** Validation data for one signature: what its VRI entry lists (ISO 32000-2 §12.8.4.4). */
export interface SignatureValidationData {
  signature: EmbeddedSignature;
  certificatesDer: Uint8Array[];
  ocspResponsesDer: Uint8Array[];
  crlsDer: Uint8Array[];
}

type Revocation = { kind: "ocsp"; der: Uint8Array } | { kind: "crl"; der: Uint8Array } | { kind: "none" };

/**
 * Gathers what a verifier needs to validate each signature without the network later
 * (PAdES B-LT, ETSI EN 319 142-1 §6.3 and §5.4.2): every certificate from the signer and each
 * TSA up to a self-issued root (missing issuers fetched from AIA caIssuers), and for every
 * certificate below the root an OCSP response (AIA) or else a CRL (CDP), each checked before it
 * is kept. A revoked certificate stops the extension: validation data would only record it.
 */
export class ValidationMaterialCollector {
  private readonly pool = new CertificatePool();
  private readonly revocations = new Map<string, Revocation>();

  constructor(private readonly options: { transport: ValidationDataTransport; now: Date }) {}

  async collect(signature: EmbeddedSignature): Promise<SignatureValidationData> {
    for (const der of signature.certificatesDer) await this.pool.add(der, `a certificate in signature "${signature.fieldName}"`);
    const result: SignatureValidationData = { signature, certificatesDer: [], ocspResponsesDer: [], crlsDer: [] };
    const seen = new Set<string>();
    const pending: PooledCertificate[] = [];
    for (const der of signature.signingCertificatesDer) pending.push(await this.pool.add(der, "the signing certificate"));
    while (pending.length > 0) {
      const current = pending.shift()!;
      if (seen.has(current.id)) continue;
      seen.add(current.id);
      if (seen.size > MAX_CHAIN_LENGTH * signature.signingCertificatesDer.length * 2) throw new KysoError("CERTIFICATE_CHAIN_INCOMPLETE", "the certificate chain does not end");
      result.certificatesDer.push(current.der);
      if (isSelfIssued(current.parsed)) continue;
      const issuer = await this.issuerOf(current);
      pending.push(issuer);
      const revocation = await this.revocationOf(current, issuer);
      if (revocation.kind === "ocsp") result.ocspResponsesDer.push(revocation.der);
      if (revocation.kind === "crl") result.crlsDer.push(revocation.der);
      // A delegated OCSP responder's own certificate is validated too, unless it says not to (RFC 6960 §4.2.2.2.1).
      if (revocation.kind === "ocsp") for (const responder of this.responderCertificates.get(current.id) ?? []) pending.push(responder);
    }
    return result;
  }

  private readonly responderCertificates = new Map<string, PooledCertificate[]>();

  private async issuerOf(certificate: PooledCertificate): Promise<PooledCertificate> {
    const known = await this.pool.findIssuer(certificate.parsed);
    if (known) return known;
    for (const url of authorityInformationAccess(certificate.parsed).caIssuersUrls) {
      const fetched = await this.options.transport.get(url).catch(() => undefined);
      if (!fetched) continue;
      // RFC 5280 §4.2.2.1: caIssuers is one DER certificate or a certs-only CMS ("p7c").
      for (const der of certificatesInCaIssuersResponse(fetched)) await this.pool.add(der, `the certificate at ${url}`);
      const found = await this.pool.findIssuer(certificate.parsed);
      if (found) return found;
    }
    throw new KysoError("CERTIFICATE_CHAIN_INCOMPLETE", `the issuer of ${subjectText(certificate.parsed)} is not in the signature and cannot be fetched`);
  }

  private async revocationOf(certificate: PooledCertificate, issuer: PooledCertificate): Promise<Revocation> {
    const cached = this.revocations.get(certificate.id);
    if (cached) return cached;
    let revocation: Revocation = { kind: "none" };
    if (!hasOcspNoCheck(certificate.parsed)) revocation = await this.fetchRevocation(certificate, issuer);
    this.revocations.set(certificate.id, revocation);
    return revocation;
  }

  /** OCSP first (small, current), then the CRL; both unavailable is an error naming the certificate. */
  private async fetchRevocation(certificate: PooledCertificate, issuer: PooledCertificate): Promise<Revocation> {
    const { transport, now } = this.options;
    const failures: unknown[] = [];
    for (const url of authorityInformationAccess(certificate.parsed).ocspUrls) {
      try {
        const answer = await fetchOcspStatus({ certificate: certificate.parsed, issuer: issuer.parsed, url, transport });
        const responders: PooledCertificate[] = [];
        for (const responder of answer.responderCertificates) responders.push(await this.pool.add(new Uint8Array(responder.toSchema().toBER()), `the OCSP responder certificate of ${url}`));
        this.responderCertificates.set(certificate.id, responders);
        return { kind: "ocsp", der: answer.responseDer };
      } catch (error) {
        if (error instanceof KysoError && error.code === "CERTIFICATE_REVOKED") throw error;
        failures.push(error);
      }
    }
    for (const url of crlDistributionPointUrls(certificate.parsed)) {
      try {
        return { kind: "crl", der: await fetchCrlStatus({ certificate: certificate.parsed, issuer: issuer.parsed, url, transport, now }) };
      } catch (error) {
        if (error instanceof KysoError && error.code === "CERTIFICATE_REVOKED") throw error;
        failures.push(error);
      }
    }
    const detail = failures.map((f) => (f instanceof Error ? f.message : String(f))).join("; ");
    throw new KysoError("REVOCATION_UNAVAILABLE", `${subjectText(certificate.parsed)}: ${detail || "the certificate names no OCSP responder or CRL"}`, { cause: failures[0] });
  }
}
