import type { TestPki } from "../pki/test-pki.js";
import type { RequestHandler } from "./loopback-http-server.js";
import { answerWithOpenssl } from "./openssl-request-responder.js";

/**
 * OCSP responder for the issuing CA, per RFC 6960 Appendix A: POST with
 * `application/ocsp-request`, or GET with the base64 request URL-encoded in the path.
 * Answers come from `openssl ocsp` reading the CA database (index.txt).
 */
export function ocspResponderHandler(pki: TestPki): RequestHandler {
  const responder = pki.entities.ocspResponder;
  return async (request, body, response) => {
    const path = new URL(request.url ?? "/", "http://x").pathname;
    let requestDer: Uint8Array;
    if (request.method === "POST") requestDer = body;
    else if (request.method === "GET" && path.startsWith("/ocsp/")) requestDer = Buffer.from(decodeURIComponent(path.slice("/ocsp/".length)), "base64");
    else {
      response.writeHead(404).end();
      return;
    }
    const answer = await answerWithOpenssl(requestDer, (requestFile, responseFile) => [
      "ocsp", "-index", pki.issuingCa.indexFile, "-CA", pki.issuingCa.certPemFile,
      "-rsigner", responder.certPemFile, "-rkey", responder.keyPemFile,
      "-reqin", requestFile, "-respout", responseFile, "-nmin", "60",
    ]);
    response.writeHead(200, { "content-type": "application/ocsp-response", "content-length": answer.length }).end(answer);
  };
}
