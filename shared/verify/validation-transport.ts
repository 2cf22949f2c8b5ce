/**
 * How verification reaches the network, injected so that shared/verify stays isomorphic: the
 * sidecar passes its HTTP client (policy URLs, proxies, size caps, time-outs), tests an
 * in-memory one. Both fail with KysoError. Same shape as the signing side's transport.
 */
export interface FetchTransport {
  /** GET a CRL (CRL distribution point) or a CA certificate (AIA caIssuers). */
  get(url: string): Promise<Uint8Array>;
  /** POST a DER OCSPRequest (RFC 6960 Appendix A.1, application/ocsp-request). */
  postOcsp(url: string, requestDer: Uint8Array): Promise<Uint8Array>;
}
