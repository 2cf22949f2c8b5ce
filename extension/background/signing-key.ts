import type { HashAlgorithm, SignatureAlgorithm } from "../../shared/cms/algorithms.js";
import { HASH_LENGTH_BYTES } from "../../shared/cms/algorithms.js";
import type { KysoSettings } from "../../shared/policy/settings.js";
import { base64ToBytes } from "../../shared/protocol/base64-codec.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import type { CertificateEntry } from "../../shared/protocol/methods/keys.js";

export interface SigningKey {
  certificateId: string;
  certificateDer: Uint8Array;
  chainDer: Uint8Array[];
  algorithm: SignatureAlgorithm;
  /** The subject's common name, for appearances that show who signed. */
  commonName?: string;
}

/**
 * The certificate the person chose and the algorithm policy asks for, fixed before any
 * document is prepared: the signed attributes name the certificate (signingCertificateV2) and
 * the placeholder is sized for its key, and sign.digest is pinned to the same algorithm.
 */
export function signingKeyOf(certificate: CertificateEntry, signing: KysoSettings["signing"]): SigningKey {
  if (!certificate.certificate) throw new KysoError("SIDECAR_OUTDATED", "keys.list gave no certificate bytes; update the kyso program");
  const hash: HashAlgorithm = signing.hash;
  let algorithm: SignatureAlgorithm;
  if (certificate.keyType === "ec") algorithm = { scheme: "ecdsa", hash };
  else if (certificate.keyType === "rsa-pss" || signing.rsaPadding === "pss") algorithm = { scheme: "rsa-pss", hash, saltLength: HASH_LENGTH_BYTES[hash] };
  else if (certificate.keyType === "rsa") algorithm = { scheme: "rsa-pkcs1-v1_5", hash };
  else throw new KysoError("KEY_UNSUPPORTED", `key type ${certificate.keyType}`);
  const commonName = /(?:^|,\s*)CN=([^,]+)/.exec(certificate.subject)?.[1]?.trim();
  return {
    certificateId: certificate.certificateId,
    certificateDer: base64ToBytes(certificate.certificate),
    chainDer: (certificate.chain ?? []).map(base64ToBytes),
    algorithm,
    ...(commonName ? { commonName } : {}),
  };
}
