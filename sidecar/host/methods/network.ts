import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { MethodHandler } from "../method-context.js";

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

/** tsa.timestamp: the request goes to the TSA as is; only configured TSAs when a list is set. */
export const tsaTimestamp: MethodHandler<"tsa.timestamp"> = async (params, context) => {
  const allowed = context.services.config.tsaUrls;
  if (allowed && !allowed.includes(params.url)) throw new KysoError("TIMESTAMP_REFUSED", `${params.url} is not a configured TSA`);
  const { tsaHttpTransport } = await import("../../network/tsa-http-transport.js");
  const response = await tsaHttpTransport({ url: params.url }).post(Buffer.from(params.request, "base64"));
  return { response: base64(response) };
};

/**
 * revocation.fetch: the same collection PAdES B-LT uses (validation-material.ts), run over
 * a chain instead of an embedded signature. CRLs go to the blob store: one can be tens of MB.
 */
export const revocationFetch: MethodHandler<"revocation.fetch"> = async (params, context) => {
  const { ValidationMaterialCollector } = await import("../../../shared/pades/ltv/validation-material.js");
  const { validationDataHttpTransport } = await import("../../network/validation-data-http-transport.js");
  const chainDer = params.chain.map((certificate) => new Uint8Array(Buffer.from(certificate, "base64")));
  const collector = new ValidationMaterialCollector({ transport: validationDataHttpTransport(), now: new Date() });
  const data = await collector.collect({
    fieldName: "revocation.fetch",
    kind: "signature",
    contentsBytes: new Uint8Array(0),
    certificatesDer: chainDer,
    signingCertificatesDer: [chainDer[0]!],
    hasSignatureTimestamp: false,
  });
  return {
    certificates: data.certificatesDer.map(base64),
    ocspResponses: data.ocspResponsesDer.map(base64),
    crlBlobIds: data.crlsDer.map((crl) => context.services.blobs.add(crl)),
  };
};

/**
 * validation.get: a CRL or CA certificate for the browser's engine. Only http(s), size-capped
 * and timed out by the transport; the body is parked in the blob store for blob.get.
 */
export const validationGet: MethodHandler<"validation.get"> = async (params, context) => {
  const { validationDataHttpTransport } = await import("../../network/validation-data-http-transport.js");
  const body = await validationDataHttpTransport().get(params.url);
  return { blobId: context.services.blobs.add(body), size: body.length };
};

/** validation.ocsp: the caller's OCSP request to the responder as is; only configured responders when a list is set. */
export const validationOcsp: MethodHandler<"validation.ocsp"> = async (params, context) => {
  const allowed = context.services.config.ocspUrls;
  if (allowed && !allowed.includes(params.url)) throw new KysoError("REVOCATION_UNAVAILABLE", `${params.url} is not a configured OCSP responder`);
  const { validationDataHttpTransport } = await import("../../network/validation-data-http-transport.js");
  return { response: base64(await validationDataHttpTransport().postOcsp(params.url, Buffer.from(params.request, "base64"))) };
};
