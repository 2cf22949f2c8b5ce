import { execFile } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface PortalCertificate {
  certPem: string;
  keyPem: string;
  /**
   * base64 SHA-256 of the SubjectPublicKeyInfo: what Chromium's
   * `--ignore-certificate-errors-spki-list` takes to accept this one certificate and no other.
   */
  spkiSha256Base64: string;
}

export function spkiSha256Base64(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(spki).digest("base64");
}

/**
 * A throw-away TLS certificate for 127.0.0.1 and localhost (P-256, 30 days), made with
 * openssl: kyso's policy only lets https:// portals use it, so the demo portal serves HTTPS.
 */
export async function selfSignedCertificate(): Promise<PortalCertificate> {
  const dir = await mkdtemp(join(tmpdir(), "kyso-portal-tls-"));
  try {
    const keyPath = join(dir, "key.pem");
    const certPath = join(dir, "cert.pem");
    await run("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "30",
      "-subj", "/CN=127.0.0.1/O=kyso demo portal", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-keyout", keyPath, "-out", certPath,
    ]);
    const certPem = await readFile(certPath, "utf8");
    return { certPem, keyPem: await readFile(keyPath, "utf8"), spkiSha256Base64: spkiSha256Base64(certPem) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
