import { X509Certificate } from "node:crypto";
import { describeCertificate, type CertificateDescription } from "../certificate-description.js";
import { chainFrom } from "./pkcs11-signer.js";
import { TokenWorker } from "./token-worker-client.js";

/** A certificate found on a token, with what the user and the key picker need. */
export interface TokenCertificate extends CertificateDescription {
  provider: "pkcs11";
  modulePath: string;
  tokenLabel: string;
  tokenSerial: string;
  label: string;
  /** CKA_ID, hex: the private key with the same ID signs for this certificate. */
  idHex: string;
  /** RFC 7512 URI that selects this certificate's key. */
  uri: string;
  /**
   * The certificate (DER, base64) and its issuers found on the same token: the browser builds
   * the CMS signed attributes (signingCertificateV2) and sizes the placeholder before the one
   * sign.digest of a batch, so it needs them from the listing.
   */
  certificateBase64: string;
  chainBase64: string[];
}

/** RFC 7512 §2.3: percent-encode everything outside the unreserved set. */
function pct(value: string | Uint8Array): string {
  const bytes = typeof value === "string" ? new TextEncoder().encode(value) : value;
  return Array.from(bytes, (b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, "0").toUpperCase()}`)).join("");
}

/**
 * Lists X.509 certificates on every token of a PKCS#11 module without logging in:
 * certificates are public objects on the Vietnamese CAs' tokens. The module is loaded in its
 * worker thread (token-worker-client.ts), so a slow module never blocks the caller's event
 * loop and the listing shares the module's one C_Initialize with any signing in progress.
 */
export async function listTokenCertificates(modulePath: string): Promise<TokenCertificate[]> {
  const worker = await TokenWorker.acquire(modulePath);
  try {
    const stored = await worker.call({ op: "listCertificates" });
    return stored.filter((certificate) => !isCaCertificate(certificate.der)).map((certificate) => {
      const sameToken = stored.filter((other) => other.tokenSerial === certificate.tokenSerial && other !== certificate).map((other) => other.der);
      return describe({ modulePath, ...certificate, chainDer: chainFrom(certificate.der, sameToken) });
    });
  } finally {
    await worker.release();
  }
}

/**
 * CA certificates that the CA wrote onto the token beside the user's (to complete the chain)
 * are not signing keys: listing them would offer the issuing CA in the certificate picker.
 * Private keys cannot tell us which certificates sign, since tokens hide them until login.
 */
function isCaCertificate(der: Uint8Array): boolean {
  try {
    return new X509Certificate(der).ca;
  } catch {
    return false;
  }
}

function describe(options: { modulePath: string; tokenLabel: string; tokenSerial: string; label: string; id: Uint8Array; der: Uint8Array; chainDer: Uint8Array[] }): TokenCertificate {
  const idHex = Buffer.from(options.id).toString("hex");
  return {
    provider: "pkcs11",
    modulePath: options.modulePath,
    tokenLabel: options.tokenLabel,
    tokenSerial: options.tokenSerial,
    label: options.label,
    idHex,
    ...describeCertificate(options.der),
    uri: `pkcs11:token=${pct(options.tokenLabel)};id=${pct(options.id)};type=cert?module-path=${pct(options.modulePath)}`,
    certificateBase64: Buffer.from(options.der).toString("base64"),
    chainBase64: options.chainDer.map((der) => Buffer.from(der).toString("base64")),
  };
}
