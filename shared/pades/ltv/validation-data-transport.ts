/**
 * How validation data is fetched: the caller's choice (the sidecar's HTTP client with policy
 * URLs, proxies, size caps and time-outs; a test's in-memory map). Both fail with KysoError.
 */
export interface ValidationDataTransport {
  /** GET a CRL (CRL distribution point) or a CA certificate (AIA caIssuers). */
  get(url: string): Promise<Uint8Array>;
  /** POST a DER OCSPRequest (RFC 6960 Appendix A.1, application/ocsp-request). */
  postOcsp(url: string, requestDer: Uint8Array): Promise<Uint8Array>;
}
