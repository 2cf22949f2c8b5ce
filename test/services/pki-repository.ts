import { readFile } from "node:fs/promises";
import type { TestPki } from "../pki/test-pki.js";
import type { RequestHandler } from "./loopback-http-server.js";

/**
 * The CA's public repository: the CA certificates (AIA caIssuers) and CRLs (CRL
 * distribution points) the test certificates point at, served as DER with the media types
 * of RFC 2585 §3–4.
 */
export function pkiRepositoryHandler(pki: TestPki): RequestHandler {
  const files = new Map<string, { file: string; contentType: string }>([
    ["/certs/root-ca.cer", { file: pki.rootCa.certDerFile, contentType: "application/pkix-cert" }],
    ["/certs/issuing-ca.cer", { file: pki.issuingCa.certDerFile, contentType: "application/pkix-cert" }],
    ["/crl/root-ca.crl", { file: pki.rootCa.crlDerFile, contentType: "application/pkix-crl" }],
    ["/crl/issuing-ca.crl", { file: pki.issuingCa.crlDerFile, contentType: "application/pkix-crl" }],
  ]);
  return async (request, _body, response) => {
    const entry = request.method === "GET" ? files.get(new URL(request.url ?? "/", "http://x").pathname) : undefined;
    if (!entry) {
      response.writeHead(404).end();
      return;
    }
    const bytes = await readFile(entry.file);
    response.writeHead(200, { "content-type": entry.contentType, "content-length": bytes.length }).end(bytes);
  };
}
