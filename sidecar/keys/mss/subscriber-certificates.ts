import { X509Certificate } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { CertificateEntry } from "../../../shared/protocol/methods/keys.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { describeCertificate } from "../certificate-description.js";
import { isMsisdn, formatMssUri } from "./mss-uri.js";

/**
 * Where a PKI SIM's certificate comes from. CMS needs it before the first signature (the
 * signed attributes carry its hash in signingCertificateV2, RFC 5035), and TS 102 204 has no
 * standard way to ask for it: MSS_ProfileQuery answers signature profiles only, and
 * MSS_Registration is enrolment, which MSSPs implement differently. So the certificates are
 * configuration: one PEM file per subscriber, named by the MSISDN (`+84912345678.pem`), the
 * subscriber's certificate first and then its CA chain — what the CA hands out with the SIM
 * and what IT can deploy with the rest of the configuration.
 */
export interface SubscriberCertificates {
  msisdn: string;
  certificate: X509Certificate;
  certificateDer: Uint8Array;
  chainDer: Uint8Array[];
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/g;

function fileFor(dir: string, msisdn: string): string {
  return join(dir, `${msisdn}.pem`);
}

export async function readSubscriberCertificates(dir: string, msisdn: string): Promise<SubscriberCertificates> {
  const file = fileFor(dir, msisdn);
  let pem: string;
  try {
    pem = await readFile(file, "utf8");
  } catch (error) {
    throw new KysoError("KEY_NOT_FOUND", `no certificate for ${msisdn}: ${file} cannot be read`, { cause: error });
  }
  const ders = Array.from(pem.matchAll(PEM_CERTIFICATE), (match) => new Uint8Array(Buffer.from(match[1]!.replace(/\s+/g, ""), "base64")));
  const [certificateDer, ...chainDer] = ders;
  if (!certificateDer) throw new KysoError("CERTIFICATE_INVALID", `${file} holds no PEM certificate`);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificateDer);
  } catch (error) {
    throw new KysoError("CERTIFICATE_INVALID", `${file}: the first certificate cannot be read`, { cause: error });
  }
  // TS 102 204's PKCS#1 format is an RSA signature: a SIM with another key type needs another format.
  if (certificate.publicKey.asymmetricKeyType !== "rsa") throw new KysoError("KEY_UNSUPPORTED", `${file}: PKI SIM signing supports RSA keys; this certificate has a ${certificate.publicKey.asymmetricKeyType ?? "unknown"} key`);
  return { msisdn, certificate, certificateDer, chainDer };
}

/** The MSISDNs that have a certificate file in the directory. */
export async function listSubscribers(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((name) => name.endsWith(".pem") && isMsisdn(name.slice(0, -4))).map((name) => name.slice(0, -4)).sort();
}

/** What `kyso keys list` and the host's keys.list show for a PKI SIM: the phone number stands where a token's label would. */
export function describeSubscriber(subscriber: SubscriberCertificates): CertificateEntry {
  return {
    provider: "mss",
    certificateId: formatMssUri({ msisdn: subscriber.msisdn }),
    tokenLabel: `SIM PKI ${subscriber.msisdn}`,
    tokenSerial: subscriber.msisdn,
    ...describeCertificate(subscriber.certificateDer),
  };
}
