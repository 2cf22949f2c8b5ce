import type { ValidationDataTransport } from "../../shared/pades/ltv/validation-data-transport.js";
import { base64ToBytes, bytesToBase64 } from "../../shared/protocol/base64-codec.js";
import { readSidecarBlob } from "./sidecar-blob.js";
import type { SidecarConnection } from "./sidecar-connection.js";

/**
 * OCSP, CRL and AIA for the PDF engine and the verifier in the browser, relayed by the
 * sidecar (`validation.get`, `validation.ocsp`): the extension never reaches a CA itself (no
 * CORS; the sidecar applies policy, proxies, size caps and time-outs). The engine builds its own
 * OCSP requests and gets the responder's answer untouched, so its nonce is echoed and a
 * "revoked" answer arrives as such; it checks every answer as if it had fetched it.
 */
export class SidecarValidationData implements ValidationDataTransport {
  constructor(private readonly options: { sidecar: SidecarConnection; signal: AbortSignal }) {}

  async get(url: string): Promise<Uint8Array> {
    const { blobId } = await this.options.sidecar.request("validation.get", { url }, { signal: this.options.signal });
    return readSidecarBlob(this.options.sidecar, blobId, this.options.signal);
  }

  async postOcsp(url: string, requestDer: Uint8Array): Promise<Uint8Array> {
    const { response } = await this.options.sidecar.request("validation.ocsp", { url, request: bytesToBase64(requestDer) }, { signal: this.options.signal });
    return base64ToBytes(response);
  }
}
