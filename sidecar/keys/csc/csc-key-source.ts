import { X509Certificate } from "node:crypto";
import type { CertificateEntry } from "../../../shared/protocol/methods/keys.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { describeCertificate } from "../certificate-description.js";
import type { KeyListing, KeySource, OpenedKey, OpenKeyOptions } from "../key-source.js";
import { chooseSignatureAlgorithm } from "../signature-algorithm-choice.js";
import { signingKeyTypeOf } from "../signing-key-type.js";
import { cscSignAlgorithm } from "./csc-algorithms.js";
import { CscBatch } from "./csc-batch.js";
import { CscClient } from "./csc-client.js";
import { credentialInfoSchema, credentialsListSchema, readAnswer, type CscCredentialInfo } from "./csc-messages.js";
import { configuredService } from "./csc-service.js";
import { formatCscUri, parseCscUri } from "./csc-uri.js";

const certificateBytes = (base64: string) => new Uint8Array(Buffer.from(base64, "base64"));

async function credentialInfo(client: CscClient, credentialId: string): Promise<CscCredentialInfo> {
  const answer = await client.call("credentials/info", { credentialID: credentialId, certificates: "chain", certInfo: true, authInfo: true, lang: "vi" });
  return readAnswer(credentialInfoSchema, answer.body, "credentials/info");
}

/** credentials/list with the certificates inline where the service gives them (v2), else credentials/info per credential. */
async function listService(client: CscClient): Promise<CertificateEntry[]> {
  const answer = await client.call("credentials/list", { credentialInfo: true, certificates: "chain", certInfo: true, authInfo: true, lang: "vi" });
  const list = readAnswer(credentialsListSchema, answer.body, "credentials/list");
  const entries: CertificateEntry[] = [];
  for (const credentialId of list.credentialIDs) {
    const info = list.credentialInfos?.find((i) => i.credentialID === credentialId) ?? (await credentialInfo(client, credentialId));
    const [certificate, ...chain] = info.cert.certificates ?? [];
    if (!certificate) continue;
    entries.push({
      provider: "csc",
      certificateId: formatCscUri({ credentialId, serviceUrl: client.baseUrl }),
      tokenLabel: client.serviceName,
      tokenSerial: credentialId,
      ...describeCertificate(certificateBytes(certificate)),
      // The extension builds the signed attributes before the batch's one sign.digest.
      certificate: certificate.replace(/\s+/g, ""),
      chain: chain.map((der) => der.replace(/\s+/g, "")),
    });
  }
  return entries;
}

async function openCredential(certificateId: string, options: OpenKeyOptions): Promise<OpenedKey> {
  const uri = parseCscUri(certificateId);
  const service = configuredService(options.settings?.cscServices ?? [], uri.serviceUrl);
  try {
    const client = await CscClient.connect(service, options.signal ? { signal: options.signal } : {});
    const info = await credentialInfo(client, uri.credentialId);
    if (info.key.status === "disabled") throw new KysoError("KEY_NOT_FOUND", `the CSC credential ${uri.credentialId} is disabled`);
    const [certificateBase64, ...chainBase64] = info.cert.certificates ?? [];
    if (!certificateBase64) throw new KysoError("REMOTE_SIGNING_FAILED", "CSC credentials/info returned no certificate");
    const certificateDer = certificateBytes(certificateBase64);
    describeCertificate(certificateDer);
    const algorithm = chooseSignatureAlgorithm(signingKeyTypeOf(new X509Certificate(certificateDer).publicKey), { ...(options.hash ? { hash: options.hash } : {}), ...options.algorithm });
    const batch = new CscBatch(client, { id: uri.credentialId, info, algorithm, signAlgorithm: cscSignAlgorithm(algorithm, info.key.algo) }, options);
    await batch.prepare(options.toBeSigned);
    return {
      certificateDer,
      chainDer: chainBase64.map(certificateBytes),
      algorithm,
      sign: (toBeSigned) => batch.sign(toBeSigned),
      close: () => batch.close(),
    };
  } finally {
    options.secret?.fill(0);
  }
}

/** CSC API v2 remote signing services (Cloud Signature Consortium, v2.0.0.2). */
export const cscKeySource: KeySource = {
  scheme: "csc",
  async list({ settings, signal }): Promise<KeyListing> {
    const listing: KeyListing = { certificates: [], unavailable: [] };
    for (const service of settings?.cscServices ?? []) {
      try {
        const client = await CscClient.connect(service, signal ? { signal } : {});
        listing.certificates.push(...(await listService(client)));
      } catch (error) {
        if (!(error instanceof KysoError) || error.code === "CANCELLED") throw error;
        listing.unavailable.push({ source: service.url, code: error.code });
      }
    }
    return listing;
  },
  open: openCredential,
};
